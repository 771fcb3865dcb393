namespace DataGovernance.Orchestrations.Engine;

/// <summary>
/// The plan of one episode, computed without I/O: the events it appends to history, the messages it sends and
/// the sentinel it leaves. <see cref="ExecutionId"/> and <see cref="Number"/> name the episode's history row.
/// </summary>
public sealed record Episode(
    Sentinel Sentinel,
    string ExecutionId,
    int Number,
    IReadOnlyList<HistoryEvent> Events,
    IReadOnlyList<OutboundMessage> Outbox,
    bool StatusChanged)
{
    public static Episode Plan(InstanceState state, EpisodeSelection selection, DateTimeOffset now, Func<TaskName, ITaskOrchestrator?> findOrchestrator)
    {
        var previous = state.Sentinel;
        var past = selection.Start is null ? state.History : [];
        var started = selection.Start ?? past.OfType<ExecutionStarted>().First();
        var executionId = started.ExecutionId;
        var number = selection.Start is null ? previous!.NextEpisode : 0;
        var events = new List<HistoryEvent> { new OrchestratorStarted(now) };
        events.AddRange(selection.Events);
        var outbox = new List<OutboundMessage>();
        var tenantId = started.Tags?.GetValueOrDefault(StartOrchestrationOptions.TenantTag);
        var result = new Result(selection.Suspended ? OrchestrationRuntimeStatus.Suspended : OrchestrationRuntimeStatus.Running, executionId, number + 1);
        var customStatus = selection.Start is null ? previous?.CustomStatus : null;

        if (selection.Terminate is { } terminate)
        {
            events.Add(new ExecutionTerminated(now, terminate.Output));
            result = result with { Status = OrchestrationRuntimeStatus.Terminated, Output = terminate.Output };
            if (started.Parent is { } parent)
            {
                outbox.Add(NotifyParent(parent, now, null, new TaskFailureDetails("OrchestrationTerminated", $"Sub-orchestration '{state.InstanceId}' was terminated.")));
            }
        }
        else if (selection.Events.Any(e => e is not (ExecutionSuspended or ExecutionResumed)))
        {
            var orchestrator = findOrchestrator(started.Name);
            var step = orchestrator is null
                ? new OrchestrationStep([], new OrchestrationOutcome.Failed(new TaskFailureDetails("OrchestratorNotFound", $"No orchestrator named '{started.Name}' is registered.")), null, [])
                : OrchestrationExecutor.Execute(orchestrator, state.InstanceId, past, events);
            customStatus = step.CustomStatus;
            events.AddRange(step.NewActions);
            outbox.AddRange(step.NewActions.Select(action => ToMessage(action, state.InstanceId, started, tenantId, now)));
            result = Conclude(step, state.InstanceId, started, now, events, outbox, result);
        }

        var sentinel = new Sentinel(
            started.Name,
            result.ExecutionId,
            result.Status,
            result.NextEpisode,
            (previous?.Checkpoints ?? 0) + 1,
            selection.Start is not null && (previous is null || previous.Status.IsTerminal()) ? now : previous!.CreatedAt,
            now,
            result.Status.IsTerminal() ? now : null,
            result.Output,
            customStatus,
            result.Failure,
            tenantId,
            started.Parent?.InstanceId);
        var statusChanged = previous is null || selection.Start is not null || previous.Status != sentinel.Status
            || previous.CustomStatus != sentinel.CustomStatus || previous.ExecutionId != sentinel.ExecutionId;
        return new Episode(sentinel, executionId, number, events, outbox, statusChanged);
    }

    /// <summary>Ends a running instance with a failure and nothing else (used for poison messages).</summary>
    public static Episode Fail(InstanceState state, TaskFailureDetails failure, DateTimeOffset now)
    {
        var previous = state.Sentinel!;
        var parent = state.History.OfType<ExecutionStarted>().FirstOrDefault()?.Parent;
        var sentinel = previous with
        {
            Status = OrchestrationRuntimeStatus.Failed,
            NextEpisode = previous.NextEpisode + 1,
            Checkpoints = previous.Checkpoints + 1,
            LastUpdatedAt = now,
            CompletedAt = now,
            Failure = failure,
        };
        HistoryEvent[] events = [new OrchestratorStarted(now), new ExecutionCompleted(now, OrchestrationRuntimeStatus.Failed, null, failure)];
        OutboundMessage[] outbox = parent is null ? [] : [NotifyParent(parent, now, null, failure)];
        return new Episode(sentinel, previous.ExecutionId, previous.NextEpisode, events, outbox, true);
    }

    public static DeliverToInstance NotifyParent(ParentInstance parent, DateTimeOffset now, string? output, TaskFailureDetails? failure) =>
        new(parent.InstanceId,
            InboxKeys.SubOrchestration(parent.ExecutionId, parent.TaskId),
            failure is null ? new SubOrchestrationCompleted(now, parent.TaskId, output) : new SubOrchestrationFailed(now, parent.TaskId, failure),
            parent.ExecutionId,
            now);

    private sealed record Result(
        OrchestrationRuntimeStatus Status, string ExecutionId, int NextEpisode, string? Output = null, TaskFailureDetails? Failure = null);

    private static Result Conclude(
        OrchestrationStep step, string instanceId, ExecutionStarted started, DateTimeOffset now,
        List<HistoryEvent> events, List<OutboundMessage> outbox, Result running)
    {
        switch (step.Outcome)
        {
            case OrchestrationOutcome.Completed completed:
                events.Add(new ExecutionCompleted(now, OrchestrationRuntimeStatus.Completed, completed.Output, null));
                if (started.Parent is { } parent)
                {
                    outbox.Add(NotifyParent(parent, now, completed.Output, null));
                }
                return running with { Status = OrchestrationRuntimeStatus.Completed, Output = completed.Output };
            case OrchestrationOutcome.Failed failed:
                events.Add(new ExecutionCompleted(now, OrchestrationRuntimeStatus.Failed, null, failed.Failure));
                if (started.Parent is { } failedParent)
                {
                    outbox.Add(NotifyParent(failedParent, now, null, failed.Failure));
                }
                return running with { Status = OrchestrationRuntimeStatus.Failed, Failure = failed.Failure };
            case OrchestrationOutcome.ContinuedAsNew continued:
                // A fresh execution id is not replayed: it is recorded in the ContinuedAsNew event and the start row.
                var next = Guid.NewGuid().ToString("N");
                events.Add(new ContinuedAsNew(now, next, continued.Input));
                outbox.Add(new DeliverToInstance(instanceId, InboxKeys.Start(next),
                    new ExecutionStarted(now, started.Name, next, continued.Input, started.Parent, started.Tags), next, now));
                outbox.AddRange(step.UnconsumedEvents.Select((carried, index) =>
                    new DeliverToInstance(instanceId, InboxKeys.CarriedEvent(next, index), carried, null, now)));
                return running with { Status = OrchestrationRuntimeStatus.Running, ExecutionId = next, NextEpisode = 0 };
            default:
                return running;
        }
    }

    private static OutboundMessage ToMessage(ActionEvent action, string instanceId, ExecutionStarted started, string? tenantId, DateTimeOffset now) => action switch
    {
        TaskScheduled task => new ScheduleActivity(new ActivityWorkItem(instanceId, started.ExecutionId, task.TaskId, task.Name, task.Input)),
        TimerCreated timer => new DeliverToInstance(instanceId, InboxKeys.Timer(started.ExecutionId, timer.TaskId),
            new TimerFired(timer.FireAt, timer.TaskId, timer.FireAt), started.ExecutionId, timer.FireAt),
        SubOrchestrationCreated child => new DeliverToInstance(child.InstanceId, InboxKeys.Start(child.ExecutionId),
            new ExecutionStarted(now, child.Name, child.ExecutionId, child.Input,
                new ParentInstance(instanceId, started.ExecutionId, child.TaskId, started.Name), started.Tags),
            child.ExecutionId, now, new NewInstance(child.Name, child.ExecutionId, tenantId, instanceId, child.Input)),
        EventSent sent => new DeliverToInstance(sent.InstanceId, InboxKeys.SentEvent(instanceId, started.ExecutionId, sent.TaskId),
            new EventRaised(now, sent.Name, sent.Input), null, now),
        _ => throw new InvalidOperationException($"Unknown action {action.GetType().Name}."),
    };
}
