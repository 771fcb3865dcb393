namespace DataGovernance.Orchestrations;

/// <summary>The engine's untyped view of an orchestrator.</summary>
public interface ITaskOrchestrator
{
    Type InputType { get; }

    Task<object?> RunAsync(TaskOrchestrationContext context, object? input);
}

/// <summary>
/// A workflow. <see cref="RunAsync"/> is replayed from history, so it must be deterministic: only calls on
/// <see cref="TaskOrchestrationContext"/>, no I/O, no clocks, no random numbers, no threads.
/// </summary>
public abstract class TaskOrchestrator<TInput, TOutput> : ITaskOrchestrator
{
    Type ITaskOrchestrator.InputType => typeof(TInput);

    public abstract Task<TOutput> RunAsync(TaskOrchestrationContext context, TInput input);

    async Task<object?> ITaskOrchestrator.RunAsync(TaskOrchestrationContext context, object? input) =>
        await RunAsync(context, (TInput)input!);
}
