using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations;

/// <summary>
/// Everything an orchestrator may do. Each call is recorded in the instance's history and replayed from it, so
/// the same calls in the same order produce the same results after a crash or on another machine.
/// </summary>
public abstract class TaskOrchestrationContext
{
    public abstract TaskName Name { get; }

    public abstract string InstanceId { get; }

    /// <summary>The time of the current episode: the same on every replay of it.</summary>
    public abstract DateTime CurrentUtcDateTime { get; }

    /// <summary>True while the code is being replayed from history (for logging only).</summary>
    public abstract bool IsReplaying { get; }

    public abstract T? GetInput<T>();

    public Task CallActivityAsync(TaskName name, object? input = null, TaskOptions? options = null) =>
        CallActivityAsync<object?>(name, input, options);

    public abstract Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);

    public Task CallSubOrchestratorAsync(TaskName name, object? input = null, TaskOptions? options = null) =>
        CallSubOrchestratorAsync<object?>(name, input, options);

    public abstract Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null);

    /// <summary>A durable timer; it survives restarts and may be longer than a queue message's seven-day limit.</summary>
    public abstract Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken);

    public Task CreateTimer(TimeSpan delay, CancellationToken cancellationToken) =>
        CreateTimer(CurrentUtcDateTime.Add(delay), cancellationToken);

    /// <summary>Waits for an event raised for this instance; one that arrived earlier is already buffered.</summary>
    public abstract Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default);

    /// <summary>As above, or throws <see cref="TaskCanceledException"/> when nothing arrives within <paramref name="timeout"/>.</summary>
    public async Task<T> WaitForExternalEvent<T>(string eventName, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var timerCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var eventCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var received = WaitForExternalEvent<T>(eventName, eventCancellation.Token);
        var timer = CreateTimer(CurrentUtcDateTime.Add(timeout), timerCancellation.Token);
        // Synchronous Cancel on purpose: CancelAsync would run the callbacks on the thread pool, outside replay.
#pragma warning disable CA1849
        if (await Task.WhenAny(received, timer) == received)
        {
            timerCancellation.Cancel();
            return await received;
        }
        eventCancellation.Cancel();
#pragma warning restore CA1849
        throw new TaskCanceledException($"No '{eventName}' event arrived within {timeout}.");
    }

    /// <summary>Raises an event in another instance (fire and forget, recorded in history).</summary>
    public abstract void SendEvent(string instanceId, string eventName, object? payload);

    /// <summary>Publishes a small status object that status queries show; it must not carry personal data.</summary>
    public abstract void SetCustomStatus(object? customStatus);

    /// <summary>Restarts the orchestration with new input and a fresh history once this run returns.</summary>
    public abstract void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true);

    /// <summary>A GUID that is the same on every replay (UUID v5 over the instance id, episode time and a counter).</summary>
    public abstract Guid NewGuid();

    /// <summary>A logger that stays silent while the code is being replayed.</summary>
    public abstract ILogger CreateReplaySafeLogger(ILogger logger);
}
