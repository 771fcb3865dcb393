using System.Collections.Concurrent;
using DataGovernance.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>
/// Runs episodes of orchestration instances when their control-queue wake-ups arrive: load the instance, send
/// what the last episode left unsent, take due inbox events, replay the orchestrator, commit the checkpoint,
/// update the status row and send the new messages. Wake-ups for an instance already being processed here are
/// folded into another pass, so a burst of results costs a few episodes, not one each.
/// </summary>
public sealed partial class OrchestrationProcessor(
    InstanceHistoryStore history,
    InstanceStatusStore statuses,
    InstanceMessenger messenger,
    DurableQueues queues,
    DurableTaskRegistry registry,
    IServiceProvider services,
    TimeProvider clock,
    ILogger<OrchestrationProcessor> logger)
{
    private const int MaxRowsPerEpisode = InstanceHistoryStore.MaxRowsPerCheckpoint - 2;

    private readonly ConcurrentDictionary<string, Gate> _gates = new(StringComparer.Ordinal);

    /// <summary>The control-queue function. On the last attempt a failure fails the instance instead of poisoning silently.</summary>
    public async Task HandleWakeUpAsync(QueueMessageInfo message, CancellationToken cancellationToken)
    {
        var wakeUp = DurableQueues.ReadWakeUp(message.Body);
        try
        {
            await ProcessAsync(wakeUp, cancellationToken);
        }
        catch (Exception ex) when (message.DequeueCount >= PoisonQueues.MaxDequeueCount && ex is not OperationCanceledException)
        {
            LogPoisoned(ex, wakeUp.InstanceId, message.DequeueCount);
            await FailAsync(wakeUp.InstanceId, new TaskFailureDetails("PoisonMessage",
                $"Processing failed {message.DequeueCount} times; last error: {ex.GetType().Name}: {ex.Message}"), cancellationToken);
        }
    }

    public async Task ProcessAsync(WakeUp wakeUp, CancellationToken cancellationToken)
    {
        var gate = _gates.GetOrAdd(wakeUp.InstanceId, _ => new Gate());
        lock (gate)
        {
            if (gate.Busy)
            {
                gate.Dirty = true;
                return;
            }
            gate.Busy = true;
        }
        try
        {
            var timerRowKey = wakeUp.TimerRowKey;
            while (true)
            {
                var more = await ProcessOnceAsync(wakeUp.InstanceId, timerRowKey, cancellationToken);
                timerRowKey = null;
                lock (gate)
                {
                    if (!gate.Dirty && !more)
                    {
                        gate.Busy = false;
                        _gates.TryRemove(KeyValuePair.Create(wakeUp.InstanceId, gate));
                        return;
                    }
                    gate.Dirty = false;
                }
            }
        }
        catch (Exception)
        {
            lock (gate)
            {
                gate.Busy = false;
            }
            throw;
        }
    }

    /// <summary>One episode; true when due events were left for another pass.</summary>
    private async Task<bool> ProcessOnceAsync(string instanceId, string? timerRowKey, CancellationToken cancellationToken)
    {
        var state = await history.LoadAsync(instanceId, cancellationToken);
        foreach (var outbox in state.Outbox)
        {
            await messenger.SendAllAsync(outbox.Messages, cancellationToken);
            await history.DeleteRowAsync(instanceId, outbox.RowKey, cancellationToken);
        }

        var now = clock.GetUtcNow();
        if (timerRowKey is not null && state.Inbox.FirstOrDefault(entry => entry.RowKey == timerRowKey) is { } timer && timer.VisibleAt > now)
        {
            await queues.WakeAsync(instanceId, timer.VisibleAt, timer.RowKey, cancellationToken);
        }

        var selection = EpisodeSelection.Select(state, now, MaxRowsPerEpisode);
        if (selection.Consumed.Count == 0)
        {
            await DiscardAsync(state, selection.Stale, cancellationToken);
            return selection.More;
        }

        var episode = Episode.Plan(state, selection, now, FindOrchestrator);
        var checkpoint = new Checkpoint(episode.Sentinel, episode.ExecutionId, episode.Number, episode.Events, episode.Outbox, [.. selection.Consumed, .. selection.Stale]);
        await history.CommitAsync(instanceId, state.SentinelETag, checkpoint, cancellationToken);
        LogEpisode(instanceId, episode.Number, selection.Consumed.Count, episode.Sentinel.Status);

        if (episode.StatusChanged)
        {
            await statuses.UpdateAsync(instanceId, episode.Sentinel, selection.Start?.Input, cancellationToken);
        }
        if (episode.Outbox.Count > 0)
        {
            await messenger.SendAllAsync(episode.Outbox, cancellationToken);
            await history.DeleteRowAsync(instanceId, $"o:{episode.ExecutionId}:{episode.Number:D8}", cancellationToken);
        }
        return selection.More;
    }

    /// <summary>Fails a running instance outright (poison messages): a checkpoint with only the failure.</summary>
    public async Task FailAsync(string instanceId, TaskFailureDetails failure, CancellationToken cancellationToken)
    {
        // Whatever made processing fail may be a row that cannot be read: use only the sentinel and, if readable, the history.
        var (sentinel, etag) = await history.GetSentinelWithETagAsync(instanceId, cancellationToken);
        if (sentinel is null || sentinel.Status.IsTerminal())
        {
            return;
        }
        IReadOnlyList<HistoryEvent> past;
        try
        {
            past = await history.LoadHistoryAsync(instanceId, sentinel.ExecutionId, cancellationToken);
        }
        catch (System.Text.Json.JsonException)
        {
            past = [];
        }
        var state = new InstanceState(instanceId, sentinel, etag, past, [], []);
        var episode = Episode.Fail(state, failure, clock.GetUtcNow());
        await history.CommitAsync(instanceId, etag, new Checkpoint(episode.Sentinel, episode.ExecutionId, episode.Number, episode.Events, episode.Outbox, []), cancellationToken);
        await statuses.UpdateAsync(instanceId, episode.Sentinel, null, cancellationToken);
        await messenger.SendAllAsync(episode.Outbox, cancellationToken);
        await history.DeleteRowAsync(instanceId, $"o:{episode.ExecutionId}:{episode.Number:D8}", cancellationToken);
    }

    /// <summary>
    /// Deletes inbox rows that no longer apply. A start for an instance that is already running is refused to its
    /// parent, unless it is that parent's own start delivered again (an outbox re-sent after a crash).
    /// </summary>
    private async Task DiscardAsync(InstanceState state, IReadOnlyList<InboxEntry> stale, CancellationToken cancellationToken)
    {
        var instanceId = state.InstanceId;
        var ownParent = state.History.OfType<ExecutionStarted>().FirstOrDefault()?.Parent;
        foreach (var entry in stale)
        {
            if (entry.Event is ExecutionStarted { Parent: { } parent } rejected && parent != ownParent)
            {
                await messenger.DeliverAsync(Episode.NotifyParent(parent, clock.GetUtcNow(), null, new TaskFailureDetails(
                    "InvalidOperationException", $"Instance '{instanceId}' is already running; sub-orchestration '{rejected.Name}' was not started.")), cancellationToken);
            }
            LogDropped(instanceId, entry.RowKey);
            await history.DeleteRowAsync(instanceId, entry.RowKey, cancellationToken);
        }
    }

    private ITaskOrchestrator? FindOrchestrator(TaskName name) =>
        registry.FindOrchestrator(name) is { } type ? (ITaskOrchestrator)ActivatorUtilities.CreateInstance(services, type) : null;

    private sealed class Gate
    {
        public bool Busy { get; set; }

        public bool Dirty { get; set; }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Debug, Message = "Instance {InstanceId} episode {Episode}: {Consumed} events, now {Status}")]
    private partial void LogEpisode(string instanceId, int episode, int consumed, OrchestrationRuntimeStatus status);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Dropped inbox row {RowKey} of instance {InstanceId}: it no longer applies")]
    private partial void LogDropped(string instanceId, string rowKey);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Error, Message = "Instance {InstanceId} failed after {DequeueCount} attempts to process it")]
    private partial void LogPoisoned(Exception exception, string instanceId, long dequeueCount);
}
