using DataGovernance.Orchestrations;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Workbench;
using Xunit;

namespace DataGovernance.Tests.Orchestrations;

public sealed class ApprovalFlow : TaskOrchestrator<object?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var draft = await context.CallActivityAsync<string>(nameof(Echo), "draft");
        var decision = await context.WaitForExternalEvent<string>("Decision");
        return await context.CallActivityAsync<string>(nameof(Echo), $"{draft}:{decision}");
    }
}

/// <summary>ApprovalFlow after a change that reorders its calls: unsafe for instances already running.</summary>
public sealed class ApprovalFlowChanged : TaskOrchestrator<object?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var count = await context.CallActivityAsync<int>(nameof(AddOne), 1);
        var decision = await context.WaitForExternalEvent<string>("Decision");
        return $"{count}:{decision}";
    }
}

/// <summary>Recorded histories against changed workflow code: an error naming the mismatch, never silent divergence.</summary>
public sealed class VersioningTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RecordedHistory_ReplayedAgainstChangedCode_FailsWithTheDeterminismError()
    {
        var taskHub = $"V{Guid.NewGuid():N}"[..16];
        var instanceId = await StartAndStopAtTheWaitAsync(taskHub);

        await using var changed = EngineHost.Start(hub, taskHub, registry => registry.AddWorkbenchWorkflows().AddOrchestrator<ApprovalFlowChanged>(nameof(ApprovalFlow)));
        var client = Client(changed);
        await client.RaiseEventAsync(instanceId, "Decision", "approved", Ct);
        var failed = await client.WaitForInstanceCompletionAsync(instanceId, true, Ct);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal(typeof(NonDeterministicOrchestrationException).FullName, failed.FailureDetails!.ErrorType);
        Assert.Contains("activity 'Echo' (#0)", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("activity 'AddOne' (#0)", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangedCode_RegisteredAsANewVersion_LeavesRunningInstancesOnTheOldOne()
    {
        var taskHub = $"V{Guid.NewGuid():N}"[..16];
        var instanceId = await StartAndStopAtTheWaitAsync(taskHub);

        await using var upgraded = EngineHost.Start(hub, taskHub, registry => registry
            .AddWorkbenchWorkflows()
            .AddOrchestrator<ApprovalFlow>()
            .AddOrchestrator<ApprovalFlowChanged>(new TaskName(nameof(ApprovalFlow), "2")));
        var client = Client(upgraded);
        await client.RaiseEventAsync(instanceId, "Decision", "approved", Ct);
        var old = await client.WaitForInstanceCompletionAsync(instanceId, true, Ct);
        var fresh = await client.ScheduleNewOrchestrationInstanceAsync(new TaskName(nameof(ApprovalFlow), "2"), null, cancellation: Ct);
        await client.RaiseEventAsync(fresh, "Decision", "approved", Ct);
        var next = await client.WaitForInstanceCompletionAsync(fresh, true, Ct);

        Assert.Equal("draft:approved", old.ReadOutputAs<string>());
        Assert.Equal(("2", "2:approved"), (next.Version, next.ReadOutputAs<string>()));
    }

    private async Task<string> StartAndStopAtTheWaitAsync(string taskHub)
    {
        await using var original = EngineHost.Start(hub, taskHub, registry => registry.AddWorkbenchWorkflows().AddOrchestrator<ApprovalFlow>());
        var client = Client(original);
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalFlow), null, cancellation: Ct);
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var history = await client.GetHistoryAsync(instanceId, Ct);
            if (history.Any(e => e.EventType == "TaskCompleted"))
            {
                return instanceId;
            }
            await Task.Delay(50, Ct);
        }
        throw new TimeoutException("The first activity did not complete.");
    }

    private static DurableTaskClient Client(HubApplication app) =>
        (DurableTaskClient)app.Services.GetService(typeof(DurableTaskClient))!;
}
