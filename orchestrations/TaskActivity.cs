namespace DataGovernance.Orchestrations;

/// <summary>The engine's untyped view of an activity.</summary>
public interface ITaskActivity
{
    Type InputType { get; }

    Task<object?> RunAsync(TaskActivityContext context, object? input);
}

/// <summary>
/// One step of a workflow that may do I/O. Delivery is at least once: an activity can run again after a crash,
/// so it must be idempotent (deterministic ids in its input, conditional writes).
/// </summary>
public abstract class TaskActivity<TInput, TOutput> : ITaskActivity
{
    Type ITaskActivity.InputType => typeof(TInput);

    public abstract Task<TOutput> RunAsync(TaskActivityContext context, TInput input);

    async Task<object?> ITaskActivity.RunAsync(TaskActivityContext context, object? input) =>
        await RunAsync(context, (TInput)input!);
}

/// <summary>What an activity knows about its call.</summary>
public sealed record TaskActivityContext(TaskName Name, string InstanceId, CancellationToken CancellationToken);
