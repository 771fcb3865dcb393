using Azure.Messaging.EventGrid;

namespace DataGovernance.Runtime;

/// <summary>How a function is started. From these the hub derives its listeners, its custom-handler dispatch and function.json.</summary>
public abstract record FunctionTrigger;

/// <summary>An HTTP function: one endpoint of the hub's route table (served by routing, not by a handler here).</summary>
public sealed record HttpTrigger(IReadOnlyList<string> Methods, string Route) : FunctionTrigger;

/// <summary>A Storage queue trigger; messages are Base64-encoded JSON.</summary>
public sealed record QueueTrigger(string QueueName) : FunctionTrigger
{
    /// <summary>Attempts before a message moves to <c>&lt;queue&gt;-poison</c> (host.json's maxDequeueCount).</summary>
    public const int MaxDequeueCount = 5;
}

/// <summary>A timer with a six-field NCRONTAB schedule (<c>sec min hour day month day-of-week</c>), in UTC.</summary>
public sealed record TimerTrigger(string Schedule, bool RunOnStartup = false) : FunctionTrigger;

/// <summary>
/// An Event Grid trigger. <paramref name="EventType"/> and <paramref name="SubjectPrefix"/> select which events the
/// hub's own webhook and local event delivery hand to it (for example BlobCreated in one container).
/// </summary>
public sealed record EventGridTrigger(string EventType, string? SubjectPrefix = null) : FunctionTrigger;

/// <summary>A queue message as a trigger sees it.</summary>
public sealed record QueueMessageInfo(
    string Id,
    string Body,
    long DequeueCount,
    DateTimeOffset? InsertedOn,
    DateTimeOffset? ExpiresOn,
    string? PopReceipt);

/// <summary>The schedule status a timer keeps between occurrences (the Functions timer's ScheduleStatus).</summary>
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
