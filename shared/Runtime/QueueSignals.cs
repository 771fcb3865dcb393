using System.Collections.Concurrent;

namespace DataGovernance.Runtime;

/// <summary>
/// In-process hints that a message was just sent to a queue, so that this instance's listener of that queue polls
/// at once instead of sleeping out its idle backoff. A hint for a queue nobody listens to here (every queue in
/// custom-handler mode, where the Functions host polls) does nothing. Other instances still find the message by
/// polling.
/// </summary>
public sealed class QueueSignals
{
    private readonly ConcurrentDictionary<string, QueueSignal> _signals = new(StringComparer.Ordinal);

    /// <summary>Never blocks and never throws: safe to call after every send.</summary>
    public void Nudge(string queueName)
    {
        if (_signals.TryGetValue(queueName, out var signal))
        {
            signal.Set();
        }
    }

    /// <summary>The signal a listener waits on; registering it is what makes nudges for the queue count.</summary>
    internal QueueSignal Listen(string queueName) => _signals.GetOrAdd(queueName, _ => new QueueSignal());
}

/// <summary>A latch that remembers a nudge until the listener clears it.</summary>
internal sealed class QueueSignal
{
    private TaskCompletionSource _nudged = NewSource();

    public void Set() => Volatile.Read(ref _nudged).TrySetResult();

    /// <summary>
    /// Forgets a pending nudge; called right before a poll, which sees whatever the nudge announced (the message
    /// was sent before its nudge).
    /// </summary>
    public void Clear()
    {
        var current = Volatile.Read(ref _nudged);
        if (current.Task.IsCompleted)
        {
            Interlocked.CompareExchange(ref _nudged, NewSource(), current);
        }
    }

    /// <summary>Waits for <paramref name="delay"/> or a nudge, whichever comes first.</summary>
    public async Task WaitAsync(TimeSpan delay, TimeProvider clock, CancellationToken cancellationToken)
    {
        using var race = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var slept = Task.Delay(delay, clock, race.Token);
        await Task.WhenAny(Volatile.Read(ref _nudged).Task, slept);
        await race.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
