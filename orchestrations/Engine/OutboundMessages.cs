using System.Text.Json.Serialization;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>
/// What an episode sends once its checkpoint is committed. Recorded in the instance's outbox in the same
/// transaction as the history, so a crash between the two cannot lose a send; every send is idempotent.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ScheduleActivity), nameof(ScheduleActivity))]
[JsonDerivedType(typeof(DeliverToInstance), nameof(DeliverToInstance))]
public abstract record OutboundMessage;

/// <summary>Runs an activity through the work-item queue.</summary>
public sealed record ScheduleActivity(ActivityWorkItem WorkItem) : OutboundMessage;

/// <summary>
/// Puts an event into an instance's inbox under a deterministic row key (so a repeated delivery is a no-op) and
/// wakes the instance when the event becomes visible. <paramref name="Creates"/> makes the target's status row.
/// </summary>
public sealed record DeliverToInstance(
    string InstanceId,
    string RowKey,
    HistoryEvent Event,
    string? ExecutionId,
    DateTimeOffset VisibleAt,
    NewInstance? Creates = null) : OutboundMessage;

/// <summary>The status row a sub-orchestration (or client start) writes for a new instance.</summary>
public sealed record NewInstance(TaskName Name, string ExecutionId, string? TenantId, string? ParentInstanceId, string? Input);

/// <summary>An activity call as the work-item queue carries it (input by reference when large).</summary>
public sealed record ActivityWorkItem(string InstanceId, string ExecutionId, int TaskId, TaskName Name, string? Input);

/// <summary>The body of a control-queue message: a hint that an instance has work, not the work itself.</summary>
public sealed record WakeUp(string InstanceId, string? TimerRowKey = null);

/// <summary>Row keys of inbox events; deterministic so that deliveries are idempotent.</summary>
public static class InboxKeys
{
    public const string Prefix = "i:";

    public static string Start(string executionId) => $"i:start:{executionId}";

    public static string Task(string executionId, int taskId) => $"i:task:{executionId}:{taskId:D8}";

    public static string Timer(string executionId, int taskId) => $"i:timer:{executionId}:{taskId:D8}";

    public static string SubOrchestration(string executionId, int taskId) => $"i:sub:{executionId}:{taskId:D8}";

    public static string SentEvent(string senderInstanceId, string senderExecutionId, int taskId) => $"i:event:{senderInstanceId}:{senderExecutionId}:{taskId:D8}";

    public static string CarriedEvent(string executionId, int index) => $"i:carried:{executionId}:{index:D8}";

    /// <summary>Events and control operations from clients, each a new row.</summary>
    public static string External(string kind) => $"i:{kind}:{Guid.NewGuid():N}";
}
