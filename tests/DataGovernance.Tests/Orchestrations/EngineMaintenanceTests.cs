using Azure;
using Azure.Data.Tables;
using DataGovernance.Orchestrations;
using DataGovernance.Runtime;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Workbench;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Orchestrations;

/// <summary>An activity whose dependencies cannot be built: every attempt fails before its code runs.</summary>
public sealed class NeedsMissingService(IMissingService missing) : TaskActivity<object?, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, object? input) => Task.FromResult(missing.ToString()!);
}

public interface IMissingService;

public sealed class CallsBrokenActivity : TaskOrchestrator<object?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, object? input)
    {
        try
        {
            return await context.CallActivityAsync<string>(nameof(NeedsMissingService));
        }
        catch (TaskFailedException failed)
        {
            return failed.FailureDetails.ErrorType;
        }
    }
}

public sealed class ApprovalWithDeadline : TaskOrchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int seconds)
    {
        context.SetCustomStatus(new { stage = "waiting for approval" });
        try
        {
            return await context.WaitForExternalEvent<string>("Approval", TimeSpan.FromSeconds(seconds));
        }
        catch (TaskCanceledException)
        {
            context.SetCustomStatus(new { stage = "expired" });
            return "expired";
        }
    }
}

/// <summary>Poisoned work items, deadlines, custom status and the retention timer, end to end.</summary>
public sealed class EngineMaintenanceTests(HubFixture hub) : IAsyncLifetime
{
    private HubApplication _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DurableTaskClient Client => _app.Services.GetRequiredService<DurableTaskClient>();

    public ValueTask InitializeAsync()
    {
        _app = EngineHost.Start(hub, $"M{Guid.NewGuid():N}"[..16], registry => registry
            .AddWorkbenchWorkflows()
            .AddOrchestrator<CallsBrokenActivity>()
            .AddActivity<NeedsMissingService>()
            .AddOrchestrator<ApprovalWithDeadline>());
        return ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task WorkItemThatFailsEveryAttempt_FailsItsTaskAsPoison_AndTheOrchestratorSeesWhy()
    {
        var id = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(CallsBrokenActivity), cancellation: Ct);

        var done = await Client.WaitForInstanceCompletionAsync(id, true, Ct);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("PoisonMessage", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task WaitWithADeadline_EndsByTheDeadline_AndTheCustomStatusTellsTheStage()
    {
        var waiting = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalWithDeadline), 60, cancellation: Ct);
        var expiring = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(ApprovalWithDeadline), 1, cancellation: Ct);
        var status = await Client.WaitForInstanceStartAsync(waiting, false, Ct);
        for (var attempt = 0; attempt < 100 && status.SerializedCustomStatus is null; attempt++)
        {
            await Task.Delay(50, Ct);
            status = (await Client.GetInstanceAsync(waiting, cancellation: Ct))!;
        }
        Assert.Equal("{\"stage\":\"waiting for approval\"}", status.SerializedCustomStatus);

        await Client.RaiseEventAsync(waiting, "Approval", "granted", Ct);
        var approved = await Client.WaitForInstanceCompletionAsync(waiting, true, Ct);
        var expired = await Client.WaitForInstanceCompletionAsync(expiring, true, Ct);

        Assert.Equal("granted", approved.ReadOutputAs<string>());
        Assert.Equal(("expired", "{\"stage\":\"expired\"}"), (expired.ReadOutputAs<string>(), expired.SerializedCustomStatus));
        Assert.True(expired.CompletedAt - expired.CreatedAt >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task RetentionTimer_PurgesFinishedInstancesOlderThanTheRetention_AndKeepsTheRest()
    {
        var old = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Chain), 1, cancellation: Ct);
        var recent = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(Chain), 1, cancellation: Ct);
        var active = await Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), cancellation: Ct);
        await Client.WaitForInstanceCompletionAsync(old, false, Ct);
        await Client.WaitForInstanceCompletionAsync(recent, false, Ct);
        var instances = _app.Services.GetRequiredService<DataGovernance.Orchestrations.Engine.InstanceStatusStore>().Table;
        foreach (var id in new[] { old, active })
        {
            await instances.UpdateEntityAsync(new TableEntity(id, "") { ["CreatedAt"] = DateTimeOffset.UtcNow.AddDays(-45) }, ETag.All, TableUpdateMode.Merge, Ct);
        }

        var timer = _app.Services.GetRequiredService<FunctionCatalog>().Find("PurgeOrchestrationHistory")!;
        await _app.Services.GetRequiredService<FunctionInvoker>().InvokeAsync(timer, new TimerInfo("0 30 2 * * *", null, false), Ct);

        Assert.Null(await Client.GetInstanceAsync(old, cancellation: Ct));
        Assert.NotNull(await Client.GetInstanceAsync(recent, cancellation: Ct));
        Assert.NotNull(await Client.GetInstanceAsync(active, cancellation: Ct));
    }
}
