namespace DataGovernance.Runtime;

/// <summary>In-process hints that a message was just sent to a queue, so its listener polls at once.</summary>
public sealed class QueueSignals
{
    private long _nudges;

    public void Nudge(string queueName)
    {
        ArgumentException.ThrowIfNullOrEmpty(queueName);
        Interlocked.Increment(ref _nudges);
    }
}
