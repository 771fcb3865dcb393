using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Engine;
using DataGovernance.Workbench;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Orchestrations;

/// <summary>What the engine does about damage: poison, lost wake-ups, status rows left behind, waits beyond a queue's limit.</summary>
public sealed class EngineRepairTests(EngineHost engine) : IClassFixture<EngineHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TableClient History => engine.Hub.PrimaryTable(engine.Names.HistoryTable);

    private TableClient Instances => engine.Hub.PrimaryTable(engine.Names.InstancesTable);

    [Fact]
    public async Task UnreadableInboxEvent_PoisonsTheWakeUp_AndFailsTheInstanceWithTheReason()
    {
        var instanceId = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), null, cancellation: Ct);
        await engine.StatusAsync(instanceId, OrchestrationRuntimeStatus.Running);

        await History.AddEntityAsync(new TableEntity(instanceId, "i:event:garbled")
        {
            ["Event"] = "{ this is not an event",
            ["VisibleAt"] = DateTimeOffset.UtcNow,
            ["ArrivedAt"] = DateTimeOffset.UtcNow,
        }, Ct);
        await engine.App.Services.GetRequiredService<DurableQueues>().WakeAsync(instanceId, DateTimeOffset.UtcNow, null, Ct);

        var failed = await engine.CompletionAsync(instanceId);
        Assert.Equal(OrchestrationRuntimeStatus.Failed, failed.RuntimeStatus);
        Assert.Equal("PoisonMessage", failed.FailureDetails!.ErrorType);
        Assert.Contains("5 times", failed.FailureDetails.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LostWakeUp_IsRepairedByTheReconciler()
    {
        var instanceId = await engine.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitSignal), null, cancellation: Ct);
        await engine.StatusAsync(instanceId, OrchestrationRuntimeStatus.Running);

        // An event that reached the inbox but whose wake-up message was lost (the sender died in between).
        var store = engine.App.Services.GetRequiredService<InstanceHistoryStore>();
        var sent = DateTimeOffset.UtcNow;
        await store.AddToInboxAsync(instanceId, InboxKeys.External("event"), new EventRaised(sent, AwaitSignal.EventName, "\"found\""), null, sent, sent, Ct);

        var done = await engine.CompletionAsync(instanceId, TimeSpan.FromSeconds(30));
        Assert.Equal("found", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task StatusRowLeftBehindItsSentinel_IsRepairedByTheReconciler()
    {
        var done = await engine.RunAsync(nameof(Chain), 1);
        // A worker that died between its checkpoint and the status update leaves the row showing the past.
        var row = (await Instances.GetEntityAsync<TableEntity>(done.InstanceId, "", cancellationToken: Ct)).Value;
        row["Status"] = nameof(OrchestrationRuntimeStatus.Running);
        row["Checkpoint"] = 1L;
        row["LastUpdatedAt"] = DateTimeOffset.UtcNow.AddMinutes(-10);
        await Instances.UpdateEntityAsync(row, ETag.All, TableUpdateMode.Replace, Ct);

        var report = await engine.App.Services.GetRequiredService<OrchestrationReconciler>().RunAsync(Ct);

        Assert.True(report.StatusRepaired >= 1, $"{report}");
        Assert.Equal(OrchestrationRuntimeStatus.Completed, (await engine.Client.GetInstanceAsync(done.InstanceId, cancellation: Ct))!.RuntimeStatus);
    }

    [Fact]
    public async Task StartLostBetweenStatusRowAndInbox_IsSentAgainByTheReconciler()
    {
        var instanceId = $"lost-start:{Guid.NewGuid():N}";
        var statuses = engine.App.Services.GetRequiredService<InstanceStatusStore>();
        await statuses.WritePendingAsync(instanceId, new NewInstance(nameof(Chain), Guid.NewGuid().ToString("N"), null, null, "3"),
            DateTimeOffset.UtcNow.AddMinutes(-5), Ct);

        var done = await engine.CompletionAsync(instanceId, TimeSpan.FromSeconds(30));

        Assert.Equal(3, done.ReadOutputAs<int>());
    }

    [Fact]
    public async Task TimerLongerThanTheQueueLimit_IsWokenInChainedSteps()
    {
        // A task hub of its own, so its control queue holds only this instance's messages.
        var taskHub = $"T{Guid.NewGuid():N}"[..16];
        await using var app = EngineHost.Start(engine.Hub, taskHub, registry => registry.AddWorkbenchWorkflows());
        var client = app.Services.GetRequiredService<DurableTaskClient>();
        var names = app.Services.GetRequiredService<TaskHubNames>();
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(nameof(Sleeper), (int)TimeSpan.FromDays(10).TotalMilliseconds, cancellation: Ct);
        var timerRow = await WaitForTimerRowAsync(engine.Hub.PrimaryTable(names.HistoryTable), instanceId);
        var fireAt = timerRow.GetDateTimeOffset("VisibleAt")!.Value;
        Assert.InRange(fireAt - DateTimeOffset.UtcNow, TimeSpan.FromDays(9.9), TimeSpan.FromDays(10));

        // Once the start message is gone, the queue holds one message: the timer's delayed wake-up.
        var queue = new QueueClient(engine.Hub.Primary.ConnectionString, names.ControlQueueOf(instanceId),
            new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        Assert.True(await SettlesAtAsync(queue, delayedMessages: 1), "The timer's delayed wake-up was not the only message left.");

        // The delayed wake-up is invisible for at most three days; when it comes early the instance re-arms a
        // wake-up for the same timer instead of firing it: the early message is replaced by another delayed one.
        await queue.SendMessageAsync(JsonSerializer.Serialize(new WakeUp(instanceId, timerRow.RowKey), DurableJson.Options), Ct);

        Assert.True(await SettlesAtAsync(queue, delayedMessages: 2), "The early wake-up was not replaced by a new delayed one.");
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await client.GetInstanceAsync(instanceId, cancellation: Ct))!.RuntimeStatus);
        await client.TerminateInstanceAsync(instanceId, null, Ct);
    }

    /// <summary>
    /// True once the queue holds exactly <paramref name="delayedMessages"/>, none visible, for two seconds running:
    /// a message being processed is invisible too, so a passing moment proves nothing.
    /// </summary>
    private static async Task<bool> SettlesAtAsync(QueueClient queue, int delayedMessages)
    {
        var settledSince = (DateTimeOffset?)null;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var settled = (await queue.GetPropertiesAsync(Ct)).Value.ApproximateMessagesCount == delayedMessages
                && (await queue.PeekMessagesAsync(32, Ct)).Value.Length == 0;
            settledSince = settled ? settledSince ?? DateTimeOffset.UtcNow : null;
            if (settledSince is { } since && DateTimeOffset.UtcNow - since >= TimeSpan.FromSeconds(2))
            {
                return true;
            }
            await Task.Delay(100, Ct);
        }
        return false;
    }

    private static async Task<TableEntity> WaitForTimerRowAsync(TableClient history, string instanceId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (DateTimeOffset.UtcNow < deadline)
        {
            var rows = await history.QueryAsync<TableEntity>(r => r.PartitionKey == instanceId, cancellationToken: Ct).ToListAsync(Ct);
            if (rows.FirstOrDefault(r => r.RowKey.StartsWith("i:timer:", StringComparison.Ordinal)) is { } row)
            {
                return row;
            }
            await Task.Delay(100, Ct);
        }
        throw new InvalidOperationException("No timer row appeared.");
    }
}
