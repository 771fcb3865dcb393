using Azure.Messaging.EventGrid;
using DataGovernance.Storage;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Runtime;

/// <summary>What became of one event: deliveries made now, deliveries found done before, and failed handlers.</summary>
public sealed record EventDispatch(int Delivered, int AlreadyDelivered, IReadOnlyList<string> FailedFunctions)
{
    public bool Succeeded => FailedFunctions.Count == 0;
}

/// <summary>
/// Hands Event Grid events to the catalog's Event Grid functions: every function whose event type and subject prefix
/// match, each at most once per event id (a redelivery of a handled event is acknowledged without running the
/// handler again). The webhook, local event delivery and custom-handler invocations all come through here.
/// </summary>
public sealed class EventGridDispatcher(
    FunctionCatalog catalog,
    FunctionInvoker invoker,
    EventDeliveryStore deliveries,
    TimeProvider clock,
    ILogger<EventGridDispatcher> logger)
{
    public IEnumerable<FunctionDefinition> Subscribers(string eventType, string? subject) =>
        catalog.WithTrigger<EventGridTrigger>().Where(entry => entry.Trigger.Matches(eventType, subject)).Select(entry => entry.Function);

    public async Task<EventDispatch> DispatchAsync(EventGridEvent gridEvent, CancellationToken cancellationToken)
    {
        int delivered = 0, alreadyDelivered = 0;
        var failed = new List<string>();
        var subscribers = Subscribers(gridEvent.EventType, gridEvent.Subject).ToList();
        if (subscribers.Count == 0)
        {
            logger.EventWithoutSubscriber(gridEvent.Id, gridEvent.EventType);
        }
        foreach (var function in subscribers)
        {
            switch (await DeliverAsync(function, gridEvent, cancellationToken))
            {
                case DeliveryOutcome.Delivered:
                    delivered++;
                    break;
                case DeliveryOutcome.AlreadyDelivered:
                    alreadyDelivered++;
                    break;
                default:
                    failed.Add(function.Name);
                    break;
            }
        }
        return new EventDispatch(delivered, alreadyDelivered, failed);
    }

    /// <summary>Delivers the event to one function unless it handled the event before; a failure is logged and reported.</summary>
    public async Task<DeliveryOutcome> DeliverAsync(FunctionDefinition function, EventGridEvent gridEvent, CancellationToken cancellationToken)
    {
        if (await deliveries.WasDeliveredAsync(function.Name, gridEvent.Id, cancellationToken))
        {
            logger.EventAlreadyDelivered(gridEvent.Id, gridEvent.EventType, function.Name);
            return DeliveryOutcome.AlreadyDelivered;
        }
        try
        {
            await invoker.InvokeAsync(function, gridEvent, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Logged by the invoker; the caller asks for a redelivery.
            return DeliveryOutcome.Failed;
        }
        await deliveries.RecordAsync(function.Name, gridEvent.Id, gridEvent.EventType, clock.GetUtcNowForStorage(), CancellationToken.None);
        return DeliveryOutcome.Delivered;
    }
}

public enum DeliveryOutcome
{
    Delivered,
    AlreadyDelivered,
    Failed,
}
