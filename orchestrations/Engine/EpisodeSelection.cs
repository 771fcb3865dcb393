namespace DataGovernance.Orchestrations.Engine;

/// <summary>
/// Decides which inbox rows an episode consumes, in which order, and which are stale. Pure, so that the rules
/// (starts first; an execution without its start consumes nothing else; a suspended execution takes only
/// control operations; events for other executions or finished instances are dropped) are easy to test.
/// </summary>
public sealed record EpisodeSelection(
    IReadOnlyList<InboxEntry> Consumed,
    IReadOnlyList<InboxEntry> Stale,
    IReadOnlyList<HistoryEvent> Events,
    ExecutionStarted? Start,
    ExecutionTerminated? Terminate,
    bool Suspended,
    bool More)
{
    public static EpisodeSelection Select(InstanceState state, DateTimeOffset now, int limit)
    {
        var due = state.Inbox
            .Where(entry => entry.VisibleAt <= now)
            .OrderBy(entry => entry.Event is ExecutionStarted ? 0 : 1)
            .ThenBy(entry => entry.ArrivedAt)
            .ThenBy(entry => entry.RowKey, StringComparer.Ordinal);
        var sentinel = state.Sentinel;
        var status = sentinel?.Status;
        var executionId = sentinel?.ExecutionId;
        var started = state.History.Count > 0;
        var suspended = status == OrchestrationRuntimeStatus.Suspended;
        var consumed = new List<InboxEntry>();
        var stale = new List<InboxEntry>();
        var events = new List<HistoryEvent>();
        ExecutionStarted? start = null;
        ExecutionTerminated? terminate = null;
        var more = false;

        foreach (var entry in due)
        {
            if (consumed.Count + stale.Count >= limit)
            {
                more = true;
                break;
            }
            var running = status is not null && !status.Value.IsTerminal();
            switch (entry.Event)
            {
                // A start delivered again for an execution that already ran is stale, not a restart.
                case ExecutionStarted begin when start is null && terminate is null
                    && (sentinel is null || (status!.Value.IsTerminal() && entry.ExecutionId != executionId) || (entry.ExecutionId == executionId && !started)):
                    (start, executionId, status, started, suspended) = (begin, begin.ExecutionId, OrchestrationRuntimeStatus.Running, true, false);
                    consumed.Add(entry);
                    events.Add(begin);
                    break;
                case ExecutionStarted:
                    stale.Add(entry);
                    break;
                case ExecutionTerminated end when running && terminate is null && started:
                    terminate = end;
                    consumed.Add(entry);
                    break;
                case ExecutionSuspended pause when running && started && !suspended && terminate is null:
                    suspended = true;
                    consumed.Add(entry);
                    events.Add(pause);
                    break;
                case ExecutionResumed resume when running && suspended && terminate is null:
                    suspended = false;
                    consumed.Add(entry);
                    events.Add(resume);
                    break;
                case ExecutionTerminated or ExecutionSuspended or ExecutionResumed when running && !started:
                    break; // wait for the execution's start
                case ExecutionTerminated or ExecutionSuspended or ExecutionResumed:
                    stale.Add(entry);
                    break;
                case var _ when !running || (entry.ExecutionId is not null && entry.ExecutionId != executionId):
                    stale.Add(entry);
                    break;
                case var _ when !started || suspended || terminate is not null:
                    break; // stays in the inbox for a later episode
                default:
                    consumed.Add(entry);
                    events.Add(entry.Event);
                    break;
            }
        }
        return new EpisodeSelection(consumed, stale, events, start, terminate, suspended, more);
    }
}
