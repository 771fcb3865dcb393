using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure.Messaging.EventGrid;
using DataGovernance.Outcomes;
using DataGovernance.Runtime;

namespace DataGovernance.Functions.Runtime;

/// <summary>
/// The custom-handler invocation protocol: the Functions host POSTs <c>{"Data":{binding:value},"Metadata":{…}}</c>
/// and expects <c>{"Outputs":{…},"Logs":[…],"ReturnValue":…}</c>. Binding names are the ones our function.json
/// files declare: <c>message</c> (queue), <c>timer</c>, <c>eventGridEvent</c>.
/// </summary>
public static class CustomHandlerInvocation
{
    public const string QueueBinding = "message";
    public const string TimerBinding = "timer";
    public const string EventGridBinding = "eventGridEvent";

    /// <summary>The protocol's names are PascalCase and <c>ReturnValue</c> is written even when null.</summary>
    public static JsonSerializerOptions ResponseJson { get; } = new() { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    /// <summary>The binding a function's trigger value arrives under in <c>Data</c>.</summary>
    public static string BindingName(FunctionTrigger trigger) => trigger switch
    {
        QueueTrigger => QueueBinding,
        TimerTrigger => TimerBinding,
        EventGridTrigger => EventGridBinding,
        _ => throw new ArgumentOutOfRangeException(nameof(trigger), trigger, "HTTP functions are proxied, not invoked."),
    };

    /// <summary>The handler's payload from an invocation request, or a failure naming what is missing or malformed.</summary>
    public static Result<object> ReadPayload(FunctionDefinition function, JsonElement request)
    {
        var binding = BindingName(function.Trigger);
        var field = $"Data.{binding}";
        if (request.ValueKind != JsonValueKind.Object || !request.TryGetProperty("Data", out var data) || data.ValueKind != JsonValueKind.Object
            || !data.TryGetProperty(binding, out var value) || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return Invalid(field, "Missing.");
        }
        var metadata = request.TryGetProperty("Metadata", out var meta) && meta.ValueKind == JsonValueKind.Object ? meta : default;
        try
        {
            return function.Trigger switch
            {
                QueueTrigger => QueueMessage(value, metadata),
                TimerTrigger timer => Timer(timer, Unwrap(value)),
                _ => EventGridEvent.Parse(BinaryData.FromString(Unwrap(value).GetRawText())),
            };
        }
        catch (Exception ex) when (ex is JsonException or FormatException or ArgumentException or InvalidOperationException)
        {
            return Invalid(field, $"Not a valid {binding} value for a {function.Trigger.GetType().Name}.");
        }
    }

    private static QueueMessageInfo QueueMessage(JsonElement value, JsonElement metadata) => new(
        Text(metadata, "Id") ?? "",
        value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText(),
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("DequeueCount", out var count)
            ? count.ValueKind == JsonValueKind.Number ? count.GetInt64() : long.Parse(Unquote(count.GetString()!), NumberStyles.None, CultureInfo.InvariantCulture)
            : 1,
        Instant(metadata, "InsertionTime"),
        Instant(metadata, "ExpirationTime"),
        Text(metadata, "PopReceipt"),
        Instant(metadata, "NextVisibleTime"));

    private static TimerInfo Timer(TimerTrigger trigger, JsonElement value)
    {
        TimerScheduleStatus? status = null;
        if (value.TryGetProperty("ScheduleStatus", out var recorded) && recorded.ValueKind == JsonValueKind.Object)
        {
            status = new TimerScheduleStatus(InstantOf(recorded.GetProperty("Last")), InstantOf(recorded.GetProperty("Next")), InstantOf(recorded.GetProperty("LastUpdated")));
        }
        var isPastDue = value.TryGetProperty("IsPastDue", out var pastDue) && pastDue.GetBoolean();
        return new TimerInfo(trigger.Schedule, status, isPastDue);
    }

    /// <summary>A value the host sent as a JSON string holding JSON is read as that JSON.</summary>
    private static JsonElement Unwrap(JsonElement value) =>
        value.ValueKind == JsonValueKind.String ? JsonSerializer.Deserialize<JsonElement>(value.GetString()!) : value;

    private static string? Text(JsonElement metadata, string name) =>
        metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? Unquote(value.GetString()!)
            : null;

    private static DateTimeOffset? Instant(JsonElement metadata, string name) =>
        Text(metadata, name) is { Length: > 0 } text ? ParseInstant(text) : null;

    private static DateTimeOffset InstantOf(JsonElement value) => ParseInstant(Unquote(value.GetString() ?? throw new FormatException("A time is missing.")));

    private static DateTimeOffset ParseInstant(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    /// <summary>The host writes some string metadata JSON-encoded (<c>"\"id\""</c>).</summary>
    private static string Unquote(string text) =>
        text.Length >= 2 && text[0] == '"' && text[^1] == '"' ? JsonSerializer.Deserialize<string>(text) ?? "" : text;

    private static Failure Invalid(string field, string message) =>
        Failure.BadRequest("invalid-invocation", "The invocation request does not carry the function's trigger value.", FieldErrors.Of(field, message));
}

/// <summary>The answer to an invocation; failures carry their error in <see cref="Logs"/>, never a stack trace.</summary>
public sealed record InvocationResponse(IReadOnlyDictionary<string, object?> Outputs, IReadOnlyList<string> Logs, object? ReturnValue)
{
    public static InvocationResponse WithLogs(params string[] logs) => new(new Dictionary<string, object?>(), logs, null);
}
