namespace DataGovernance.Orchestrations;

/// <summary>Why a task failed, as recorded in history (no stack traces: they would end up in APIs).</summary>
public sealed record TaskFailureDetails(string ErrorType, string ErrorMessage, string? StackTrace = null, TaskFailureDetails? InnerFailure = null)
{
    public bool IsCausedBy<TException>() where TException : Exception =>
        ErrorType == typeof(TException).FullName || InnerFailure?.IsCausedBy<TException>() == true;

    public static TaskFailureDetails FromException(Exception exception) => exception switch
    {
        TaskFailedException failed => new(typeof(TaskFailedException).FullName!, failed.Message, null, failed.FailureDetails),
        _ => new(exception.GetType().FullName ?? exception.GetType().Name, exception.Message, null,
            exception.InnerException is { } inner ? FromException(inner) : null),
    };
}

/// <summary>Thrown in an orchestrator when an activity or sub-orchestration it awaited failed.</summary>
public sealed class TaskFailedException(TaskName taskName, int taskId, TaskFailureDetails failureDetails)
    : Exception($"Task '{taskName}' (#{taskId}) failed: {failureDetails.ErrorType}: {failureDetails.ErrorMessage}")
{
    public TaskName TaskName { get; } = taskName;

    public int TaskId { get; } = taskId;

    public TaskFailureDetails FailureDetails { get; } = failureDetails;
}

/// <summary>The orchestrator code no longer does what its recorded history says it did.</summary>
public sealed class NonDeterministicOrchestrationException(string message) : Exception(message);
