using System.Text.Json.Nodes;
using Azure.Messaging.EventGrid;
using Azure.Storage.Queues;
using DataGovernance.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Runtime;

/// <summary>
/// Event Grid's stand-in when the hub runs on its own (Azurite publishes no events): the events the hub raises
/// itself are queued on <c>hub-local-events</c>, whose queue function hands each to the same dispatcher as the
/// webhook. So a local event gets the webhook's idempotency plus the queue's retries and poison queue.
/// </summary>
public sealed class LocalEvents(HubStorage storage, QueueSignals signals)
{
    public const string QueueName = "hub-local-events";

    public const string FunctionName = "DispatchLocalEvent";

    private bool _queueExists;

    /// <summary>The queue function that delivers local events; a failed delivery throws, so the message is retried.</summary>
    public static FunctionDefinition Function { get; } = FunctionDefinition.Queue(FunctionName, QueueName, DispatchAsync);

    /// <summary>Queues one event (in the Event Grid schema) for delivery.</summary>
    public async Task RaiseAsync(JsonObject gridEvent, CancellationToken cancellationToken)
    {
        var queue = storage.Primary.Queues.GetQueueClient(QueueName);
        if (!_queueExists)
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
            _queueExists = true;
        }
        await queue.SendMessageAsync(BinaryData.FromString(gridEvent.ToJsonString()), cancellationToken: cancellationToken);
        signals.Nudge(QueueName);
    }

    private static async Task DispatchAsync(QueueMessageInfo message, IServiceProvider services, CancellationToken cancellationToken)
    {
        var gridEvent = EventGridEvent.Parse(BinaryData.FromString(message.Body));
        var dispatch = await services.GetRequiredService<EventGridDispatcher>().DispatchAsync(gridEvent, cancellationToken);
        if (!dispatch.Succeeded)
        {
            throw new EventDeliveryException($"Event {gridEvent.Id} failed in {string.Join(", ", dispatch.FailedFunctions)}.");
        }
    }
}

/// <summary>An event reached a function whose handler failed; its delivery is retried.</summary>
public sealed class EventDeliveryException(string message) : Exception(message);
