using System.Net.Http.Headers;
using System.Text.Json;
using Azure.Messaging;
using Azure.Messaging.EventGrid;
using Azure.Messaging.EventGrid.SystemEvents;
using DataGovernance.Outcomes;

namespace DataGovernance.Functions.Runtime;

/// <summary>
/// One POST to the Event Grid webhook, in either schema: the Event Grid schema (an array of events, announced by
/// the <c>aeg-event-type</c> header, which also marks the subscription validation handshake) or CloudEvents 1.0
/// (<c>application/cloudevents+json</c> for one event, <c>application/cloudevents-batch+json</c> for a batch).
/// CloudEvents are handed on as Event Grid events: source → topic, type → eventType, time → eventTime.
/// </summary>
public sealed record EventGridRequest(string? ValidationCode, IReadOnlyList<EventGridEvent> Events)
{
    public const string EventTypeHeader = "aeg-event-type";

    public const string SubscriptionValidation = "SubscriptionValidation";

    private const string CloudEventMediaType = "application/cloudevents+json";

    private const string CloudEventBatchMediaType = "application/cloudevents-batch+json";

    public static Result<EventGridRequest> Parse(string? contentType, string? eventTypeHeader, BinaryData body)
    {
        List<EventGridEvent> events;
        try
        {
            events = IsCloudEvents(contentType)
                ? [.. CloudEvent.ParseMany(body).Select(FromCloudEvent)]
                : [.. EventGridEvent.ParseMany(body)];
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException or FormatException)
        {
            return Invalid(IsCloudEvents(contentType)
                ? "The body is not a CloudEvents 1.0 event or batch (id, source, type and specversion are required)."
                : "The body is not an array of Event Grid events (id, subject, eventType, eventTime, data and dataVersion are required).");
        }
        if (events.Count == 0)
        {
            return Invalid("The body holds no events.");
        }

        if (string.Equals(eventTypeHeader, SubscriptionValidation, StringComparison.OrdinalIgnoreCase))
        {
            return events[0].TryGetSystemEventData(out var data) && data is SubscriptionValidationEventData { ValidationCode: { Length: > 0 } code }
                ? new EventGridRequest(code, [])
                : Invalid("A subscription validation request carries one Microsoft.EventGrid.SubscriptionValidationEvent with a validation code.");
        }
        return new EventGridRequest(null, events);
    }

    private static bool IsCloudEvents(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (string.Equals(mediaType.MediaType, CloudEventMediaType, StringComparison.OrdinalIgnoreCase)
            || string.Equals(mediaType.MediaType, CloudEventBatchMediaType, StringComparison.OrdinalIgnoreCase));

    private static EventGridEvent FromCloudEvent(CloudEvent cloudEvent) =>
        new(cloudEvent.Subject ?? "", cloudEvent.Type, cloudEvent.DataSchema ?? "", cloudEvent.Data ?? BinaryData.FromString("null"))
        {
            Id = cloudEvent.Id,
            Topic = cloudEvent.Source,
            EventTime = cloudEvent.Time ?? DateTimeOffset.MinValue,
        };

    private static Failure Invalid(string detail) => Failure.BadRequest("invalid-events", detail);
}
