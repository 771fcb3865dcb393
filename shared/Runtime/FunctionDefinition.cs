using Azure.Messaging.EventGrid;

namespace DataGovernance.Runtime;

/// <summary>How a function is started. From these the hub derives its listeners, its custom-handler dispatch and function.json.</summary>
public abstract record FunctionTrigger;

/// <summary>An HTTP function: one endpoint of the hub's route table (served by routing, not by a handler here).</summary>
/// <param name="Methods">Upper-case HTTP methods.</param>
/// <param name="Route">The route template without a leading slash, for example <c>api/tenants/{tenantId}/timeline</c>.</param>
public sealed record HttpTrigger(IReadOnlyList<string> Methods, string Route) : FunctionTrigger;

/// <summary>A Storage queue trigger; messages are Base64-encoded JSON.</summary>
public sealed record QueueTrigger(string QueueName) : FunctionTrigger
{
    /// <summary>Where a message goes after its last failed attempt.</summary>
    public string PoisonQueueName => PoisonQueues.NameFor(QueueName);
}

/// <summary>A timer with a six-field NCRONTAB schedule (<c>sec min hour day month day-of-week</c>), in UTC.</summary>
public sealed record TimerTrigger(string Schedule, bool RunOnStartup = false) : FunctionTrigger;

/// <summary>
/// An Event Grid trigger. <paramref name="EventType"/> and <paramref name="SubjectPrefix"/> select which events the
/// hub's own webhook and local event delivery hand to it (for example BlobCreated in one container).
/// </summary>
public sealed record EventGridTrigger(string EventType, string? SubjectPrefix = null) : FunctionTrigger
{
    public bool Matches(string eventType, string? subject) =>
        string.Equals(EventType, eventType, StringComparison.OrdinalIgnoreCase)
        && (SubjectPrefix is null || (subject ?? "").StartsWith(SubjectPrefix, StringComparison.Ordinal));
}

/// <summary>A queue message as a trigger sees it.</summary>
public sealed record QueueMessageInfo(
    string Id,
    string Body,
    long DequeueCount,
    DateTimeOffset? InsertedOn,
    DateTimeOffset? ExpiresOn,
    string? PopReceipt,
    DateTimeOffset? NextVisibleOn = null);

/// <summary>The schedule status a timer keeps between occurrences (the Functions timer's ScheduleStatus).</summary>
/// <param name="Last">The last occurrence that ran; <see cref="DateTimeOffset.MinValue"/> before the first.</param>
/// <param name="Next">The occurrence expected next; a host that starts after it has missed it (past due).</param>
/// <param name="LastUpdated">When this status was written.</param>
public sealed record TimerScheduleStatus(DateTimeOffset Last, DateTimeOffset Next, DateTimeOffset LastUpdated);

/// <summary>What a timer function receives: its schedule, the status kept so far, and whether the occurrence is late.</summary>
public sealed record TimerInfo(string Schedule, TimerScheduleStatus? ScheduleStatus, bool IsPastDue);

/// <summary>One call of a function: the trigger's payload and the services of the host.</summary>
public sealed record FunctionInvocation(string FunctionName, object Payload, IServiceProvider Services);

/// <summary>A non-HTTP function's code. Throwing fails the invocation (a queue message is retried, then poisoned).</summary>
public delegate Task FunctionHandler(FunctionInvocation invocation, CancellationToken cancellationToken);

/// <summary>A function declared once: its name (unique; the Functions folder name), trigger and handler.</summary>
public sealed record FunctionDefinition(string Name, FunctionTrigger Trigger, FunctionHandler? Handler)
{
    public static FunctionDefinition Queue(string name, string queueName, Func<QueueMessageInfo, IServiceProvider, CancellationToken, Task> handler) =>
        new(name, new QueueTrigger(queueName), (invocation, ct) => handler((QueueMessageInfo)invocation.Payload, invocation.Services, ct));

    public static FunctionDefinition Timer(string name, string schedule, Func<TimerInfo, IServiceProvider, CancellationToken, Task> handler, bool runOnStartup = false) =>
        new(name, new TimerTrigger(schedule, runOnStartup), (invocation, ct) => handler((TimerInfo)invocation.Payload, invocation.Services, ct));

    public static FunctionDefinition EventGrid(string name, EventGridTrigger trigger, Func<EventGridEvent, IServiceProvider, CancellationToken, Task> handler) =>
        new(name, trigger, (invocation, ct) => handler((EventGridEvent)invocation.Payload, invocation.Services, ct));
}
