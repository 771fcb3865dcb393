using System.Text.Json;
using Azure.Storage.Queues;
using DataGovernance.Runtime;
using DataGovernance.Storage;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>Sends the engine's queue messages: wake-ups to control queues and activity work items.</summary>
public sealed class DurableQueues(HubStorage storage, TaskHubNames names, PayloadStore payloads, QueueSignals signals, TimeProvider clock)
{
    /// <summary>Queue messages cannot stay invisible for more than seven days; longer waits are chained in steps of this size.</summary>
    public static readonly TimeSpan MaxWakeUpDelay = TimeSpan.FromDays(3);

    private static readonly TimeSpan NeverExpires = TimeSpan.FromSeconds(-1);

    public async Task SendWorkItemAsync(ActivityWorkItem workItem, CancellationToken cancellationToken)
    {
        var stored = workItem.Input is null ? workItem : workItem with { Input = await payloads.StoreAsync(workItem.InstanceId, workItem.Input, cancellationToken) };
        await Queue(names.WorkItemQueue).SendMessageAsync(Serialize(stored), timeToLive: NeverExpires, cancellationToken: cancellationToken);
        signals.Nudge(names.WorkItemQueue);
    }

    /// <summary>Wakes an instance now, or when <paramref name="at"/> comes (in steps for waits past the queue's limit).</summary>
    public async Task WakeAsync(string instanceId, DateTimeOffset at, string? timerRowKey, CancellationToken cancellationToken)
    {
        var delay = at - clock.GetUtcNow();
        var queueName = names.ControlQueueOf(instanceId);
        var visibility = delay <= TimeSpan.Zero ? (TimeSpan?)null : delay < MaxWakeUpDelay ? delay : MaxWakeUpDelay;
        var body = Serialize(new WakeUp(instanceId, visibility is null ? null : timerRowKey));
        await Queue(queueName).SendMessageAsync(body, visibility, NeverExpires, cancellationToken);
        if (visibility is null)
        {
            signals.Nudge(queueName);
        }
    }

    public static WakeUp ReadWakeUp(string body) =>
        JsonSerializer.Deserialize<WakeUp>(body, DurableJson.Options) ?? throw new JsonException("Empty wake-up message.");

    public static ActivityWorkItem ReadWorkItem(string body) =>
        JsonSerializer.Deserialize<ActivityWorkItem>(body, DurableJson.Options) ?? throw new JsonException("Empty work item.");

    private QueueClient Queue(string name) => storage.Primary.Queues.GetQueueClient(name);

    private static string Serialize<T>(T message) => JsonSerializer.Serialize(message, DurableJson.Options);
}
