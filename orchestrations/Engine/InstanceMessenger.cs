namespace DataGovernance.Orchestrations.Engine;

/// <summary>Carries out outbound messages: work items to the activity queue, events into instances' inboxes.</summary>
public sealed class InstanceMessenger(InstanceHistoryStore history, InstanceStatusStore statuses, DurableQueues queues, TimeProvider clock)
{
    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken) => message switch
    {
        ScheduleActivity schedule => queues.SendWorkItemAsync(schedule.WorkItem, cancellationToken),
        DeliverToInstance delivery => DeliverAsync(delivery, cancellationToken),
        _ => throw new InvalidOperationException($"Unknown outbound message {message.GetType().Name}."),
    };

    /// <summary>Sends messages for different instances in parallel and those for one instance in order.</summary>
    public async Task SendAllAsync(IReadOnlyList<OutboundMessage> messages, CancellationToken cancellationToken)
    {
        var lanes = messages.GroupBy(message => message is DeliverToInstance delivery ? delivery.InstanceId : $"work:{Guid.NewGuid()}");
        await Parallel.ForEachAsync(lanes, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (lane, token) =>
        {
            foreach (var message in lane)
            {
                await SendAsync(message, token);
            }
        });
    }

    /// <summary>Idempotent: an event already in the inbox is not added twice, but the instance is woken again.</summary>
    public async Task DeliverAsync(DeliverToInstance delivery, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (delivery.Creates is { } instance)
        {
            await statuses.WritePendingAsync(delivery.InstanceId, instance, now, cancellationToken);
        }
        await history.AddToInboxAsync(delivery.InstanceId, delivery.RowKey, delivery.Event, delivery.ExecutionId, delivery.VisibleAt, now, cancellationToken);
        await queues.WakeAsync(delivery.InstanceId, delivery.VisibleAt, delivery.RowKey, cancellationToken);
    }
}
