namespace DataGovernance.Orchestrations.Engine;

/// <summary>How an execution ended in this episode, if it did.</summary>
public abstract record OrchestrationOutcome
{
    public sealed record Completed(string? Output) : OrchestrationOutcome;

    public sealed record Failed(TaskFailureDetails Failure) : OrchestrationOutcome;

    public sealed record ContinuedAsNew(string? Input, bool PreserveUnprocessedEvents) : OrchestrationOutcome;
}

/// <summary>The result of one episode: the calls the code made anew, how it ended, its custom status.</summary>
public sealed record OrchestrationStep(
    IReadOnlyList<ActionEvent> NewActions,
    OrchestrationOutcome? Outcome,
    string? CustomStatus,
    IReadOnlyList<EventRaised> UnconsumedEvents);

/// <summary>
/// Replays an orchestrator over its recorded history and then feeds it the episode's new events. Pure: no I/O,
/// the same inputs always give the same step.
/// </summary>
public static class OrchestrationExecutor
{
    public static OrchestrationStep Execute(ITaskOrchestrator orchestrator, string instanceId, IReadOnlyList<HistoryEvent> past, IReadOnlyList<HistoryEvent> fresh)
    {
        var started = past.OfType<ExecutionStarted>().FirstOrDefault() ?? fresh.OfType<ExecutionStarted>().First();
        var context = new OrchestrationRuntimeContext(instanceId, started.Name, started.Input);
        var scheduler = new ReplaySynchronizationContext();
        Task<object?>? run = null;
        try
        {
            // Every event is applied, also after the code has returned: events it did not take are buffered and so
            // carried into the next execution by ContinueAsNew.
            foreach (var (historyEvent, replaying) in past.Select(e => (e, true)).Concat(fresh.Select(e => (e, false))))
            {
                context.Replaying = replaying;
                Apply(historyEvent, context, scheduler, orchestrator, started, ref run);
            }
        }
        catch (NonDeterministicOrchestrationException nonDeterministic)
        {
            return new OrchestrationStep([], new OrchestrationOutcome.Failed(TaskFailureDetails.FromException(nonDeterministic)), context.CustomStatus, []);
        }

        context.Replaying = false;
        var actions = context.TakeNewActions();
        var outcome = Outcome(run, context, actions.Count);
        var unconsumed = outcome is OrchestrationOutcome.ContinuedAsNew { PreserveUnprocessedEvents: true } ? context.TakeUnconsumedEvents() : [];
        return new OrchestrationStep(actions, outcome, context.CustomStatus, unconsumed);
    }

    private static void Apply(
        HistoryEvent historyEvent, OrchestrationRuntimeContext context, ReplaySynchronizationContext scheduler,
        ITaskOrchestrator orchestrator, ExecutionStarted started, ref Task<object?>? run)
    {
        switch (historyEvent)
        {
            case ExecutionStarted:
                Task<object?>? begun = null;
                scheduler.Run(() => begun = Start(orchestrator, context, started));
                run = begun;
                break;
            case OrchestratorStarted episode:
                context.CurrentTime = episode.Timestamp;
                break;
            case ActionEvent action:
                context.Match(action);
                break;
            case TaskCompleted completed:
                scheduler.Run(() => context.Complete(completed.TaskId, completed.Result));
                break;
            case TaskFailed failed:
                scheduler.Run(() => context.Fail(failed.TaskId, failed.Failure));
                break;
            case TimerFired fired:
                scheduler.Run(() => context.Complete(fired.TaskId, null));
                break;
            case SubOrchestrationCompleted completed:
                scheduler.Run(() => context.Complete(completed.TaskId, completed.Result));
                break;
            case SubOrchestrationFailed failed:
                scheduler.Run(() => context.Fail(failed.TaskId, failed.Failure));
                break;
            case EventRaised raised:
                scheduler.Run(() => context.Raise(raised.Name, raised.Input));
                break;
        }
    }

    private static Task<object?> Start(ITaskOrchestrator orchestrator, OrchestrationRuntimeContext context, ExecutionStarted started)
    {
        try
        {
            return orchestrator.RunAsync(context, DurableJson.Deserialize(started.Input, orchestrator.InputType));
        }
        catch (System.Text.Json.JsonException invalidInput)
        {
            return Task.FromException<object?>(invalidInput);
        }
    }

    private static OrchestrationOutcome? Outcome(Task<object?>? run, OrchestrationRuntimeContext context, int newActionCount)
    {
        if (run is null)
        {
            return new OrchestrationOutcome.Failed(new TaskFailureDetails("InvalidOperationException", "The history has no ExecutionStarted event."));
        }
        if (run.IsCompletedSuccessfully)
        {
            return context.ContinueAsNewRequest is { } next
                ? new OrchestrationOutcome.ContinuedAsNew(next.Input, next.PreserveUnprocessedEvents)
                : new OrchestrationOutcome.Completed(DurableJson.Serialize(run.Result));
        }
        if (run.IsFaulted || run.IsCanceled)
        {
            var exception = run.Exception?.InnerException ?? new TaskCanceledException("The orchestrator was canceled.");
            return new OrchestrationOutcome.Failed(TaskFailureDetails.FromException(exception));
        }
        if (!context.IsWaiting && newActionCount == 0)
        {
            return new OrchestrationOutcome.Failed(new TaskFailureDetails(
                "InvalidOperationException",
                "The orchestrator awaits something other than the context's tasks (Task.Delay, Task.Run, I/O); orchestrators may only await durable calls."));
        }
        return null;
    }
}
