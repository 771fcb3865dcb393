namespace DataGovernance.Orchestrations.Engine;

/// <summary>
/// Runs every continuation of orchestrator code on the replaying thread, in the order it was scheduled, so that
/// replay is deterministic. Work posted from elsewhere (a Task.Run, a real delay) would never run here: that is
/// how non-durable awaits are caught.
/// </summary>
internal sealed class ReplaySynchronizationContext : SynchronizationContext
{
    private readonly Queue<(SendOrPostCallback Callback, object? State)> _work = new();

    public override void Post(SendOrPostCallback d, object? state)
    {
        lock (_work)
        {
            _work.Enqueue((d, state));
        }
    }

    public override void Send(SendOrPostCallback d, object? state) => d(state);

    public void RunPending()
    {
        while (true)
        {
            (SendOrPostCallback Callback, object? State) next;
            lock (_work)
            {
                if (!_work.TryDequeue(out next))
                {
                    return;
                }
            }
            next.Callback(next.State);
        }
    }

    /// <summary>Runs <paramref name="action"/> with this context installed, then everything it posted.</summary>
    public void Run(Action action)
    {
        var previous = Current;
        SetSynchronizationContext(this);
        try
        {
            Post(_ => action(), null);
            RunPending();
        }
        finally
        {
            SetSynchronizationContext(previous);
        }
    }
}
