using DataGovernance.Orchestrations;
using DataGovernance.Workbench;
using Xunit;

namespace DataGovernance.Tests.Orchestrations;

/// <summary>The engine end to end on real Azurite: queue listeners, episodes, checkpoints and the client.</summary>
public sealed class EngineTests(EngineHost engine) : IClassFixture<EngineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SequentialActivities_CompleteWithTheLastResult()
    {
        var done = await engine.RunAsync(nameof(Chain), 5);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(5, done.ReadOutputAs<int>());
        Assert.NotNull(done.CompletedAt);
    }

    [Fact]
    public async Task FanOutFanIn_RunsEveryActivity_AndAggregates()
    {
        var done = await engine.RunAsync(nameof(FanOutFanIn), 30);

        Assert.Equal(Enumerable.Range(1, 30).Sum(n => n * n), done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task DurableTimer_DelaysTheRest_AtLeastItsDuration()
    {
        var done = await engine.RunAsync(nameof(Sleeper), 1500);

        Assert.Equal("woke", done.ReadOutputAs<string>());
        Assert.True(done.CompletedAt - done.CreatedAt >= TimeSpan.FromMilliseconds(1500), $"Took {done.CompletedAt - done.CreatedAt}.");
    }

    [Fact]
    public async Task ExternalEvent_RaisedBeforeTheWait_IsBufferedAndDelivered()
    {
        var instanceId = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), null, cancellation: Ct);
        await engine.Client.RaiseEventAsync(instanceId, AwaitSignal.EventName, "early", Ct);

        var done = await engine.CompletionAsync(instanceId);

        Assert.Equal("early", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SubOrchestrations_RunAsChildren_OfTheParentsTenant()
    {
        var tenant = "t-suborch";
        var parentId = $"parent:{Guid.NewGuid():N}";

        var done = await engine.RunAsync(nameof(Parent), 3, StartOrchestrationOptions.ForTenant(tenant, parentId));

        Assert.Equal(1 + 2 + 3, done.ReadOutputAs<int>());
        var (children, _) = await engine.Client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: parentId + ":"), Ct);
        Assert.Equal(3, children.Count);
        Assert.All(children, child =>
        {
            Assert.Equal(parentId, child.ParentInstanceId);
            Assert.Equal(tenant, child.TenantId);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, child.RuntimeStatus);
        });
    }

    [Fact]
    public async Task Terminate_EndsAWaitingInstance_WithTheGivenOutput()
    {
        var instanceId = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), null, cancellation: Ct);
        await engine.StatusAsync(instanceId, OrchestrationRuntimeStatus.Running);

        await engine.Client.TerminateInstanceAsync(instanceId, "no longer needed", Ct);
        var done = await engine.CompletionAsync(instanceId);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("no longer needed", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task SuspendedInstance_KeepsEventsWaiting_UntilResumed()
    {
        var instanceId = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), null, cancellation: Ct);
        await engine.StatusAsync(instanceId, OrchestrationRuntimeStatus.Running);
        await engine.Client.SuspendInstanceAsync(instanceId, "maintenance", Ct);
        await engine.StatusAsync(instanceId, OrchestrationRuntimeStatus.Suspended);

        await engine.Client.RaiseEventAsync(instanceId, AwaitSignal.EventName, "after resume", Ct);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Suspended, (await engine.Client.GetInstanceAsync(instanceId, cancellation: Ct))!.RuntimeStatus);

        await engine.Client.ResumeInstanceAsync(instanceId, "done", Ct);
        var done = await engine.CompletionAsync(instanceId);
        Assert.Equal("after resume", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task ContinueAsNew_KeepsEventsThatArrivedBeforeTheNextExecution()
    {
        var instanceId = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Accumulator), new AccumulatorState(0, 4), cancellation: Ct);
        foreach (var value in new[] { 1, 10, 100, 1000 })
        {
            await engine.Client.RaiseEventAsync(instanceId, Accumulator.EventName, value, Ct);
        }

        var done = await engine.CompletionAsync(instanceId);

        Assert.Equal(1111, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task LargePayloads_TravelThroughBlobs_AndComeBackWhole()
    {
        var payload = string.Concat(Enumerable.Range(0, 12_000).Select(i => (char)('a' + (i % 26)))) + new string('z', 40_000);
        var instanceId = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), null, cancellation: Ct);
        await engine.Client.RaiseEventAsync(instanceId, AwaitSignal.EventName, payload, Ct);

        var done = await engine.CompletionAsync(instanceId);

        Assert.Equal(payload, done.ReadOutputAs<string>());
        var container = new Azure.Storage.Blobs.BlobContainerClient(engine.Hub.Primary.ConnectionString, engine.Names.LargeMessagesContainer);
        var blobs = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, instanceId + "/", Ct))
        {
            blobs.Add(blob.Name);
        }
        Assert.NotEmpty(blobs);
    }

    [Fact]
    public async Task StartingAnActiveInstanceIdAgain_IsRefused_ButAFinishedOneCanBeRestarted()
    {
        var instanceId = $"restart:{Guid.NewGuid():N}";
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), null, new StartOrchestrationOptions(instanceId), Ct);

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), null, new StartOrchestrationOptions(instanceId), Ct));

        await engine.Client.RaiseEventAsync(instanceId, AwaitSignal.EventName, "first", Ct);
        Assert.Equal("first", (await engine.CompletionAsync(instanceId)).ReadOutputAs<string>());
        await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(Chain), 2, new StartOrchestrationOptions(instanceId), Ct);
        var second = await engine.CompletionAsync(instanceId);
        Assert.Equal((nameof(Chain), 2), (second.Name, second.ReadOutputAs<int>()));
    }

    [Fact]
    public async Task Purge_RemovesAFinishedInstanceEverywhere_ButNotAnActiveOne()
    {
        var active = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), null, cancellation: Ct);
        var done = await engine.RunAsync(nameof(Chain), 2);

        Assert.Equal(0, (await engine.Client.PurgeInstanceAsync(active, Ct)).PurgedInstanceCount);
        Assert.Equal(1, (await engine.Client.PurgeInstanceAsync(done.InstanceId, Ct)).PurgedInstanceCount);

        Assert.Null(await engine.Client.GetInstanceAsync(done.InstanceId, cancellation: Ct));
        var history = engine.Hub.PrimaryTable(engine.Names.HistoryTable);
        Assert.Empty(await history.QueryAsync<Azure.Data.Tables.TableEntity>(row => row.PartitionKey == done.InstanceId, cancellationToken: Ct).ToListAsync(Ct));
        Assert.NotNull(await engine.Client.GetInstanceAsync(active, cancellation: Ct));
    }

    [Fact]
    public async Task History_ShowsWhatHappened_InOrder()
    {
        var done = await engine.RunAsync(nameof(Chain), 2);

        var history = await engine.Client.GetHistoryAsync(done.InstanceId, Ct);

        var kinds = history.Select(e => e.EventType).Where(kind => kind != "OrchestratorStarted").ToList();
        Assert.Equal(["ExecutionStarted", "TaskScheduled", "TaskCompleted", "TaskScheduled", "TaskCompleted", "ExecutionCompleted"], kinds);
    }
}
