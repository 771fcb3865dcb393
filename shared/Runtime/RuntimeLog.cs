using Microsoft.Extensions.Logging;

namespace DataGovernance.Runtime;

/// <summary>The function runtime's log lines (event ids 7001-7099).</summary>
internal static partial class RuntimeLog
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Triggers are off: {Reason}")]
    public static partial void TriggersOff(this ILogger logger, string reason);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Listening to {QueueCount} queue(s) and {TimerCount} timer(s)")]
    public static partial void TriggersStarted(this ILogger logger, int queueCount, int timerCount);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Debug, Message = "Function {FunctionName} succeeded in {ElapsedMs:F1} ms")]
    public static partial void FunctionSucceeded(this ILogger logger, string functionName, double elapsedMs);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Warning, Message = "Function {FunctionName} failed after {ElapsedMs:F1} ms")]
    public static partial void FunctionFailed(this ILogger logger, Exception exception, string functionName, double elapsedMs);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Trace, Message = "Queue {QueueName} is idle; next poll in {DelayMs:F0} ms")]
    public static partial void QueueIdle(this ILogger logger, string queueName, double delayMs);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Warning, Message = "Polling queue {QueueName} failed; retrying in {DelayMs:F0} ms")]
    public static partial void QueuePollFailed(this ILogger logger, Exception exception, string queueName, double delayMs);

    [LoggerMessage(EventId = 7012, Level = LogLevel.Error, Message = "Message {MessageId} of queue {QueueName} failed {DequeueCount} time(s); moved to {PoisonQueueName}")]
    public static partial void MessagePoisoned(this ILogger logger, string messageId, string queueName, long dequeueCount, string poisonQueueName);

    [LoggerMessage(EventId = 7013, Level = LogLevel.Warning, Message = "Message {MessageId} of queue {QueueName} could not be settled; it will be delivered again")]
    public static partial void MessageNotSettled(this ILogger logger, Exception exception, string messageId, string queueName);

    [LoggerMessage(EventId = 7014, Level = LogLevel.Warning, Message = "The visibility of message {MessageId} of queue {QueueName} could not be extended; another instance may receive it")]
    public static partial void MessageLeaseLost(this ILogger logger, Exception exception, string messageId, string queueName);

    [LoggerMessage(EventId = 7015, Level = LogLevel.Error, Message = "Message {MessageId} of queue {QueueName} is not Base64; moved to {PoisonQueueName}")]
    public static partial void MessageUndecodable(this ILogger logger, string messageId, string queueName, string poisonQueueName);

    [LoggerMessage(EventId = 7020, Level = LogLevel.Debug, Message = "Timer {FunctionName}: occurrence {Occurrence:O} runs elsewhere or already ran")]
    public static partial void TimerOccurrenceSkipped(this ILogger logger, string functionName, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 7021, Level = LogLevel.Information, Message = "Timer {FunctionName} is past due: occurrence {Occurrence:O} was missed")]
    public static partial void TimerPastDue(this ILogger logger, string functionName, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 7022, Level = LogLevel.Warning, Message = "Timer {FunctionName} could not run occurrence {Occurrence:O}")]
    public static partial void TimerOccurrenceFailed(this ILogger logger, Exception exception, string functionName, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 7023, Level = LogLevel.Warning, Message = "The lease on lock {LockName} could not be renewed")]
    public static partial void LeaseRenewalFailed(this ILogger logger, Exception exception, string lockName);

    [LoggerMessage(EventId = 7030, Level = LogLevel.Debug, Message = "Event {EventId} ({EventType}) already delivered to {FunctionName}")]
    public static partial void EventAlreadyDelivered(this ILogger logger, string eventId, string eventType, string functionName);

    [LoggerMessage(EventId = 7031, Level = LogLevel.Debug, Message = "Event {EventId} ({EventType}) has no subscriber")]
    public static partial void EventWithoutSubscriber(this ILogger logger, string eventId, string eventType);
}
