using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>
/// The context an orchestrator runs against during one replay. Calls the code makes are queued as actions and
/// checked against the recorded history in order; results and events from history complete the code's tasks.
/// </summary>
internal sealed class OrchestrationRuntimeContext(string instanceId, TaskName name, string? serializedInput) : TaskOrchestrationContext
{
    private readonly Dictionary<int, TaskCompletionSource<string?>> _open = [];
    private readonly Dictionary<int, TaskName> _taskNames = [];
    private readonly Queue<ActionEvent> _issued = new();
    private readonly Dictionary<string, Queue<string?>> _buffered = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<TaskCompletionSource<string?>>> _waiters = new(StringComparer.OrdinalIgnoreCase);
    private int _nextTaskId;
    private int _guidCounter;

    public override TaskName Name { get; } = name;

    public override string InstanceId { get; } = instanceId;

    public override DateTime CurrentUtcDateTime => CurrentTime.UtcDateTime;

    public override bool IsReplaying => Replaying;

    internal DateTimeOffset CurrentTime { get; set; }

    internal bool Replaying { get; set; }

    internal string? CustomStatus { get; private set; }

    internal (string? Input, bool PreserveUnprocessedEvents)? ContinueAsNewRequest { get; private set; }

    /// <summary>True while the code waits for something the engine can deliver.</summary>
    internal bool IsWaiting => _open.Count > 0 || _waiters.Values.Any(waiters => waiters.Count > 0);

    public override T? GetInput<T>() where T : default =>
        serializedInput is null ? default : JsonSerializer.Deserialize<T>(serializedInput, DurableJson.Options);

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        WithRetriesAsync(options, () => ScheduleAsync<TResult>(name, id => new TaskScheduled(default, id, name, DurableJson.Serialize(input))));

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null) =>
        WithRetriesAsync(options, () => ScheduleAsync<TResult>(name, id => new SubOrchestrationCreated(
            default, id, name, (options as SubOrchestrationOptions)?.InstanceId ?? $"{InstanceId}:{id:D4}", NewGuid().ToString("N"), DurableJson.Serialize(input))));

    public override async Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        var fireAtUtc = new DateTimeOffset(DateTime.SpecifyKind(fireAt.ToUniversalTime(), DateTimeKind.Utc));
        var timer = Open(new TaskName("timer"), id => new TimerCreated(default, id, fireAtUtc));
        if (cancellationToken.CanBeCanceled)
        {
            using var registration = cancellationToken.Register(() => timer.TrySetCanceled(cancellationToken));
            await timer.Task;
            return;
        }
        await timer.Task;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        if (_buffered.TryGetValue(eventName, out var buffered) && buffered.Count > 0)
        {
            return Task.FromResult(Read<T>(buffered.Dequeue()));
        }
        var waiter = new TaskCompletionSource<string?>();
        if (!_waiters.TryGetValue(eventName, out var waiters))
        {
            waiters = [];
            _waiters[eventName] = waiters;
        }
        waiters.Add(waiter);
        if (cancellationToken.CanBeCanceled)
        {
            cancellationToken.Register(() =>
            {
                waiters.Remove(waiter);
                waiter.TrySetCanceled(cancellationToken);
            });
        }
        return ReadAsync<T>(waiter.Task);
    }

    public override void SendEvent(string instanceId, string eventName, object? payload) =>
        _issued.Enqueue(new EventSent(default, _nextTaskId++, instanceId, eventName, DurableJson.Serialize(payload)));

    /// <summary>Custom status lives in the instance's rows, so it is kept small (as Durable Functions does).</summary>
    public const int MaxCustomStatusCharacters = 16 * 1024;

    public override void SetCustomStatus(object? customStatus)
    {
        var serialized = DurableJson.Serialize(customStatus);
        if (serialized?.Length > MaxCustomStatusCharacters)
        {
            throw new ArgumentException($"A custom status may be at most {MaxCustomStatusCharacters} characters of JSON.", nameof(customStatus));
        }
        CustomStatus = serialized;
    }

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) =>
        ContinueAsNewRequest = (DurableJson.Serialize(newInput), preserveUnprocessedEvents);

    public override Guid NewGuid() =>
        DeterministicGuid.Create(DeterministicGuid.OrchestrationNamespace, $"{InstanceId}_{CurrentTime.UtcDateTime:o}_{_guidCounter++}");

    public override ILogger CreateReplaySafeLogger(ILogger logger) => new ReplaySafeLogger(logger, this);

    /// <summary>Checks a recorded action against the code's next call: the heart of the determinism check.</summary>
    internal void Match(ActionEvent recorded)
    {
        if (!_issued.TryDequeue(out var issued))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{Name}' ({InstanceId}): the history records {recorded.Describe()}, but the code made no such call.");
        }
        if (!SameCall(recorded, issued))
        {
            throw new NonDeterministicOrchestrationException(
                $"Non-deterministic orchestration '{Name}' ({InstanceId}): the history records {recorded.Describe()}, but the code now calls {issued.Describe()}.");
        }
    }

    internal void Complete(int taskId, string? result)
    {
        if (_open.Remove(taskId, out var task))
        {
            task.TrySetResult(result);
        }
    }

    internal void Fail(int taskId, TaskFailureDetails failure)
    {
        if (_open.Remove(taskId, out var task))
        {
            task.TrySetException(new TaskFailedException(_taskNames.GetValueOrDefault(taskId), taskId, failure));
        }
    }

    /// <summary>Hands an event to the most recent waiter for its name, or buffers it until one asks.</summary>
    internal void Raise(string eventName, string? input)
    {
        if (_waiters.TryGetValue(eventName, out var waiters) && waiters.Count > 0)
        {
            var waiter = waiters[^1];
            waiters.RemoveAt(waiters.Count - 1);
            waiter.TrySetResult(input);
            return;
        }
        if (!_buffered.TryGetValue(eventName, out var buffered))
        {
            buffered = new Queue<string?>();
            _buffered[eventName] = buffered;
        }
        buffered.Enqueue(input);
    }

    /// <summary>The calls the code made that the history does not contain yet, stamped with this episode's time.</summary>
    internal IReadOnlyList<ActionEvent> TakeNewActions()
    {
        var actions = _issued.Select(action => action with { Timestamp = CurrentTime }).ToList();
        _issued.Clear();
        return actions;
    }

    internal IReadOnlyList<EventRaised> TakeUnconsumedEvents() =>
        [.. _buffered.SelectMany(pair => pair.Value.Select(input => new EventRaised(CurrentTime, pair.Key, input)))];

    private static bool SameCall(ActionEvent recorded, ActionEvent issued) => (recorded, issued) switch
    {
        (TaskScheduled a, TaskScheduled b) => a.TaskId == b.TaskId && a.Name == b.Name,
        (TimerCreated a, TimerCreated b) => a.TaskId == b.TaskId,
        (SubOrchestrationCreated a, SubOrchestrationCreated b) => a.TaskId == b.TaskId && a.Name == b.Name && a.InstanceId == b.InstanceId,
        (EventSent a, EventSent b) => a.TaskId == b.TaskId && a.Name == b.Name && a.InstanceId == b.InstanceId,
        _ => false,
    };

    private TaskCompletionSource<string?> Open(TaskName taskName, Func<int, ActionEvent> create)
    {
        var id = _nextTaskId++;
        _issued.Enqueue(create(id));
        var completion = new TaskCompletionSource<string?>();
        _open[id] = completion;
        _taskNames[id] = taskName;
        return completion;
    }

    private Task<T> ScheduleAsync<T>(TaskName taskName, Func<int, ActionEvent> create) => ReadAsync<T>(Open(taskName, create).Task);

    private static async Task<T> ReadAsync<T>(Task<string?> serialized) => Read<T>(await serialized);

    private static T Read<T>(string? json) => json is null ? default! : JsonSerializer.Deserialize<T>(json, DurableJson.Options)!;

    private async Task<T> WithRetriesAsync<T>(TaskOptions? options, Func<Task<T>> attempt)
    {
        if (options?.Retry?.Policy is not { } policy)
        {
            return await attempt();
        }
        var firstAttemptAt = CurrentUtcDateTime;
        for (var attemptNumber = 1; ; attemptNumber++)
        {
            try
            {
                return await attempt();
            }
            catch (TaskFailedException failed) when (attemptNumber < policy.MaxNumberOfAttempts
                && (policy.HandleFailure?.Invoke(failed.FailureDetails) ?? true)
                && (policy.RetryTimeout == Timeout.InfiniteTimeSpan || CurrentUtcDateTime - firstAttemptAt < policy.RetryTimeout))
            {
                await CreateTimer(CurrentUtcDateTime + policy.DelayBefore(attemptNumber), CancellationToken.None);
            }
        }
    }

    private sealed class ReplaySafeLogger(ILogger inner, OrchestrationRuntimeContext context) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => !context.IsReplaying && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!context.IsReplaying)
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
