using System.Text.Json.Serialization;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>One fact in an instance's history. Histories are replayed to rebuild an orchestrator's state.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "$type")]
[JsonDerivedType(typeof(ExecutionStarted), nameof(ExecutionStarted))]
[JsonDerivedType(typeof(OrchestratorStarted), nameof(OrchestratorStarted))]
[JsonDerivedType(typeof(TaskScheduled), nameof(TaskScheduled))]
[JsonDerivedType(typeof(TaskCompleted), nameof(TaskCompleted))]
[JsonDerivedType(typeof(TaskFailed), nameof(TaskFailed))]
[JsonDerivedType(typeof(TimerCreated), nameof(TimerCreated))]
[JsonDerivedType(typeof(TimerFired), nameof(TimerFired))]
[JsonDerivedType(typeof(SubOrchestrationCreated), nameof(SubOrchestrationCreated))]
[JsonDerivedType(typeof(SubOrchestrationCompleted), nameof(SubOrchestrationCompleted))]
[JsonDerivedType(typeof(SubOrchestrationFailed), nameof(SubOrchestrationFailed))]
[JsonDerivedType(typeof(EventSent), nameof(EventSent))]
[JsonDerivedType(typeof(EventRaised), nameof(EventRaised))]
[JsonDerivedType(typeof(ExecutionSuspended), nameof(ExecutionSuspended))]
[JsonDerivedType(typeof(ExecutionResumed), nameof(ExecutionResumed))]
[JsonDerivedType(typeof(ExecutionTerminated), nameof(ExecutionTerminated))]
[JsonDerivedType(typeof(ContinuedAsNew), nameof(ContinuedAsNew))]
[JsonDerivedType(typeof(ExecutionCompleted), nameof(ExecutionCompleted))]
public abstract record HistoryEvent(DateTimeOffset Timestamp);

/// <summary>The parent of a sub-orchestration, to be told when the child ends.</summary>
public sealed record ParentInstance(string InstanceId, string ExecutionId, int TaskId, TaskName Name);

public sealed record ExecutionStarted(
    DateTimeOffset Timestamp,
    TaskName Name,
    string ExecutionId,
    string? Input,
    ParentInstance? Parent,
    IReadOnlyDictionary<string, string>? Tags) : HistoryEvent(Timestamp);

/// <summary>Opens an episode; its time is what <see cref="TaskOrchestrationContext.CurrentUtcDateTime"/> returns.</summary>
public sealed record OrchestratorStarted(DateTimeOffset Timestamp) : HistoryEvent(Timestamp);

/// <summary>Events the orchestrator's own calls produce; on replay each must match the code's next call.</summary>
public abstract record ActionEvent(DateTimeOffset Timestamp, int TaskId) : HistoryEvent(Timestamp)
{
    public abstract string Describe();
}

public sealed record TaskScheduled(DateTimeOffset Timestamp, int TaskId, TaskName Name, string? Input) : ActionEvent(Timestamp, TaskId)
{
    public override string Describe() => $"activity '{Name}' (#{TaskId})";
}

public sealed record TimerCreated(DateTimeOffset Timestamp, int TaskId, DateTimeOffset FireAt) : ActionEvent(Timestamp, TaskId)
{
    public override string Describe() => $"timer (#{TaskId})";
}

public sealed record SubOrchestrationCreated(
    DateTimeOffset Timestamp, int TaskId, TaskName Name, string InstanceId, string ExecutionId, string? Input) : ActionEvent(Timestamp, TaskId)
{
    public override string Describe() => $"sub-orchestration '{Name}' (#{TaskId})";
}

public sealed record EventSent(DateTimeOffset Timestamp, int TaskId, string InstanceId, string Name, string? Input) : ActionEvent(Timestamp, TaskId)
{
    public override string Describe() => $"event '{Name}' to '{InstanceId}' (#{TaskId})";
}

public sealed record TaskCompleted(DateTimeOffset Timestamp, int TaskId, string? Result) : HistoryEvent(Timestamp);

public sealed record TaskFailed(DateTimeOffset Timestamp, int TaskId, TaskFailureDetails Failure) : HistoryEvent(Timestamp);

public sealed record TimerFired(DateTimeOffset Timestamp, int TaskId, DateTimeOffset FireAt) : HistoryEvent(Timestamp);

public sealed record SubOrchestrationCompleted(DateTimeOffset Timestamp, int TaskId, string? Result) : HistoryEvent(Timestamp);

public sealed record SubOrchestrationFailed(DateTimeOffset Timestamp, int TaskId, TaskFailureDetails Failure) : HistoryEvent(Timestamp);

public sealed record EventRaised(DateTimeOffset Timestamp, string Name, string? Input) : HistoryEvent(Timestamp);

public sealed record ExecutionSuspended(DateTimeOffset Timestamp, string? Reason) : HistoryEvent(Timestamp);

public sealed record ExecutionResumed(DateTimeOffset Timestamp, string? Reason) : HistoryEvent(Timestamp);

public sealed record ExecutionTerminated(DateTimeOffset Timestamp, string? Output) : HistoryEvent(Timestamp);

public sealed record ContinuedAsNew(DateTimeOffset Timestamp, string NewExecutionId, string? Input) : HistoryEvent(Timestamp);

public sealed record ExecutionCompleted(
    DateTimeOffset Timestamp, OrchestrationRuntimeStatus Status, string? Output, TaskFailureDetails? Failure) : HistoryEvent(Timestamp);
