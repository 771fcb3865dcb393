namespace DataGovernance.Orchestrations;

/// <summary>Starts, queries and controls orchestration instances.</summary>
public abstract class DurableTaskClient
{
    public abstract Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default);

    public abstract Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default);

    /// <summary>One page of instances; pass the returned token back in <see cref="OrchestrationQuery.ContinuationToken"/>.</summary>
    public abstract Task<(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken)> GetAllInstancesAsync(
        OrchestrationQuery query, CancellationToken cancellation = default);

    /// <summary>The recorded history of the current execution, oldest first, for diagnosis.</summary>
    public abstract Task<IReadOnlyList<OrchestrationHistoryEvent>> GetHistoryAsync(string instanceId, CancellationToken cancellation = default);

    public abstract Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default);

    public abstract Task TerminateInstanceAsync(string instanceId, object? output = null, CancellationToken cancellation = default);

    public abstract Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    public abstract Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default);

    public abstract Task<PurgeResult> PurgeInstanceAsync(string instanceId, CancellationToken cancellation = default);

    public abstract Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, CancellationToken cancellation = default);

    public async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        await WaitAsync(instanceId, getInputsAndOutputs, status => status != OrchestrationRuntimeStatus.Pending, cancellation);

    public async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        await WaitAsync(instanceId, getInputsAndOutputs, status => status.IsTerminal(), cancellation);

    private async Task<OrchestrationMetadata> WaitAsync(
        string instanceId, bool getInputsAndOutputs, Func<OrchestrationRuntimeStatus, bool> reached, CancellationToken cancellation)
    {
        var delay = TimeSpan.FromMilliseconds(20);
        while (true)
        {
            var instance = await GetInstanceAsync(instanceId, getInputsAndOutputs, cancellation);
            if (instance is not null && reached(instance.RuntimeStatus))
            {
                return instance;
            }
            await Task.Delay(delay, cancellation);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 1000));
        }
    }
}

/// <summary>A history event as shown to operators: its kind, time and a short description.</summary>
public sealed record OrchestrationHistoryEvent(string EventType, DateTimeOffset Timestamp, int? TaskId, string? Name, string? Detail);
