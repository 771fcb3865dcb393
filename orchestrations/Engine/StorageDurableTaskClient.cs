using System.Text.RegularExpressions;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>The durable client over the task hub's tables and queues; usable from any process that can reach the storage.</summary>
public sealed partial class StorageDurableTaskClient(
    InstanceHistoryStore history,
    InstanceStatusStore statuses,
    InstanceMessenger messenger,
    PayloadStore payloads,
    TimeProvider clock) : DurableTaskClient
{
    public static bool IsValidInstanceId(string instanceId) => InstanceIdPattern().IsMatch(instanceId);

    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        var instanceId = options?.InstanceId ?? Guid.NewGuid().ToString("N");
        if (!IsValidInstanceId(instanceId))
        {
            throw new ArgumentException($"Instance id '{instanceId}' must be 1–200 letters, digits or ':', '_', '.', '@', '-'.", nameof(options));
        }
        var now = clock.GetUtcNow();
        var executionId = Guid.NewGuid().ToString("N");
        var serializedInput = DurableJson.Serialize(input);
        var tags = options?.Tags ?? new Dictionary<string, string>();
        var instance = new NewInstance(orchestratorName, executionId, tags.GetValueOrDefault(StartOrchestrationOptions.TenantTag), null, serializedInput);
        if (!await statuses.WritePendingAsync(instanceId, instance, now, cancellation))
        {
            throw new InvalidOperationException($"An orchestration with instance id '{instanceId}' is already running.");
        }
        var startAt = options?.StartAt is { } at && at > now ? at : now;
        await messenger.DeliverAsync(new DeliverToInstance(instanceId, InboxKeys.Start(executionId),
            new ExecutionStarted(now, orchestratorName, executionId, serializedInput, null, tags), executionId, startAt), cancellation);
        return instanceId;
    }

    public override Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        IsValidInstanceId(instanceId) ? statuses.GetAsync(instanceId, getInputsAndOutputs, cancellation) : Task.FromResult<OrchestrationMetadata?>(null);

    public override Task<(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken)> GetAllInstancesAsync(
        OrchestrationQuery query, CancellationToken cancellation = default) =>
        statuses.QueryAsync(query, cancellation);

    public override async Task<IReadOnlyList<OrchestrationHistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        if (!IsValidInstanceId(instanceId) || await history.GetSentinelAsync(instanceId, cancellation) is not { } sentinel)
        {
            return [];
        }
        var events = await history.LoadHistoryAsync(instanceId, sentinel.ExecutionId, cancellation);
        return [.. events.Select(Describe)];
    }

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        DeliverExternalAsync(instanceId, "event", new EventRaised(clock.GetUtcNow(), eventName, DurableJson.Serialize(eventPayload)), cancellation);

    public override Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default) =>
        DeliverExternalAsync(instanceId, "terminate", new ExecutionTerminated(clock.GetUtcNow(), DurableJson.Serialize(output)), cancellation);

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        DeliverExternalAsync(instanceId, "suspend", new ExecutionSuspended(clock.GetUtcNow(), reason), cancellation);

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) =>
        DeliverExternalAsync(instanceId, "resume", new ExecutionResumed(clock.GetUtcNow(), reason), cancellation);

    /// <summary>Removes a finished instance's history, status row and large payloads; active instances are left alone.</summary>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default)
    {
        if (!IsValidInstanceId(instanceId) || await statuses.GetAsync(instanceId, false, cancellation) is not { IsCompleted: true })
        {
            return new PurgeResult(0);
        }
        await history.DeletePartitionAsync(instanceId, cancellation);
        await payloads.DeleteAllAsync(instanceId, cancellation);
        await statuses.DeleteAsync(instanceId, cancellation);
        return new PurgeResult(1);
    }

    /// <summary>Purges page by page, so that any number of instances is purged in bounded memory and time per call.</summary>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default)
    {
        var terminal = (filter.Statuses ?? Enum.GetValues<OrchestrationRuntimeStatus>()).Where(status => status.IsTerminal()).ToList();
        if (terminal.Count == 0)
        {
            return new PurgeResult(0);
        }
        var purged = 0;
        string? token = null;
        do
        {
            var (instances, next) = await statuses.QueryAsync(
                new OrchestrationQuery(filter.CreatedFrom, filter.CreatedTo, terminal, filter.TenantId, PageSize: 100, ContinuationToken: token), cancellation);
            foreach (var instance in instances)
            {
                purged += (await PurgeInstanceAsync(instance.InstanceId, cancellation)).PurgedInstanceCount;
            }
            token = next;
        }
        while (token is not null);
        return new PurgeResult(purged);
    }

    private async Task DeliverExternalAsync(string instanceId, string kind, HistoryEvent externalEvent, CancellationToken cancellation)
    {
        if (!IsValidInstanceId(instanceId))
        {
            throw new ArgumentException($"'{instanceId}' is not a valid instance id.", nameof(instanceId));
        }
        await messenger.DeliverAsync(new DeliverToInstance(instanceId, InboxKeys.External(kind), externalEvent, null, clock.GetUtcNow()), cancellation);
    }

    private static OrchestrationHistoryEvent Describe(HistoryEvent historyEvent) => historyEvent switch
    {
        ExecutionStarted started => new(nameof(ExecutionStarted), started.Timestamp, null, started.Name.ToString(), null),
        TaskScheduled scheduled => new(nameof(TaskScheduled), scheduled.Timestamp, scheduled.TaskId, scheduled.Name.ToString(), null),
        TaskFailed failed => new(nameof(TaskFailed), failed.Timestamp, failed.TaskId, null, $"{failed.Failure.ErrorType}: {failed.Failure.ErrorMessage}"),
        TaskCompleted completed => new(nameof(TaskCompleted), completed.Timestamp, completed.TaskId, null, null),
        TimerCreated timer => new(nameof(TimerCreated), timer.Timestamp, timer.TaskId, null, $"fires {timer.FireAt:O}"),
        TimerFired fired => new(nameof(TimerFired), fired.Timestamp, fired.TaskId, null, null),
        SubOrchestrationCreated child => new(nameof(SubOrchestrationCreated), child.Timestamp, child.TaskId, child.Name.ToString(), child.InstanceId),
        SubOrchestrationCompleted child => new(nameof(SubOrchestrationCompleted), child.Timestamp, child.TaskId, null, null),
        SubOrchestrationFailed child => new(nameof(SubOrchestrationFailed), child.Timestamp, child.TaskId, null, $"{child.Failure.ErrorType}: {child.Failure.ErrorMessage}"),
        EventSent sent => new(nameof(EventSent), sent.Timestamp, sent.TaskId, sent.Name, sent.InstanceId),
        EventRaised raised => new(nameof(EventRaised), raised.Timestamp, null, raised.Name, null),
        ExecutionCompleted completed => new(nameof(ExecutionCompleted), completed.Timestamp, null, null,
            completed.Failure is null ? completed.Status.ToString() : $"{completed.Status}: {completed.Failure.ErrorType}: {completed.Failure.ErrorMessage}"),
        _ => new(historyEvent.GetType().Name, historyEvent.Timestamp, null, null, null),
    };

    [GeneratedRegex("^[A-Za-z0-9:_.@-]{1,200}$", RegexOptions.CultureInvariant)]
    private static partial Regex InstanceIdPattern();
}
