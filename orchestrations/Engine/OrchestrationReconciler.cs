using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Engine;

public sealed record ReconcileReport(int Checked, int StatusRepaired, int Woken, int StartsResent);

/// <summary>
/// Finds active instances that have shown no progress for a while and repairs what a crash can leave behind: a
/// status row behind its sentinel, inbox events or unsent outbox rows whose wake-up was lost, and a client start
/// whose inbox row was never written.
/// </summary>
public sealed partial class OrchestrationReconciler(
    InstanceStatusStore statuses,
    InstanceHistoryStore history,
    InstanceMessenger messenger,
    DurableQueues queues,
    IOptions<DurableOptions> options,
    TimeProvider clock,
    ILogger<OrchestrationReconciler> logger)
{
    private static readonly OrchestrationRuntimeStatus[] Active =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    public async Task<ReconcileReport> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var quietSince = now - options.Value.ReconcileAfter;
        var (checkedCount, repaired, woken, resent) = (0, 0, 0, 0);
        string? token = null;
        do
        {
            var (instances, next) = await statuses.QueryAsync(new OrchestrationQuery(Statuses: Active, PageSize: 100, ContinuationToken: token), cancellationToken);
            foreach (var instance in instances.Where(instance => instance.LastUpdatedAt < quietSince))
            {
                checkedCount++;
                var state = await history.LoadAsync(instance.InstanceId, cancellationToken);
                var position = await statuses.GetPositionAsync(instance.InstanceId, cancellationToken);
                if (state.Sentinel is { } sentinel && sentinel.Checkpoints > (position?.Checkpoint ?? -1))
                {
                    await statuses.UpdateAsync(instance.InstanceId, sentinel, null, cancellationToken);
                    repaired++;
                }
                if (state.Sentinel is null && !state.Inbox.Any(entry => entry.Event is ExecutionStarted)
                    && await statuses.GetPendingStartAsync(instance.InstanceId, cancellationToken) is { ParentInstanceId: null } start)
                {
                    var tags = start.TenantId is null ? new Dictionary<string, string>() : new Dictionary<string, string> { [StartOrchestrationOptions.TenantTag] = start.TenantId };
                    await messenger.DeliverAsync(new DeliverToInstance(instance.InstanceId, InboxKeys.Start(start.ExecutionId),
                        new ExecutionStarted(now, start.Name, start.ExecutionId, start.Input, null, tags), start.ExecutionId, now), cancellationToken);
                    resent++;
                }
                else if (state.Outbox.Count > 0 || state.Inbox.Any(entry => entry.VisibleAt < quietSince))
                {
                    await queues.WakeAsync(instance.InstanceId, now, null, cancellationToken);
                    woken++;
                }
            }
            token = next;
        }
        while (token is not null);
        var report = new ReconcileReport(checkedCount, repaired, woken, resent);
        if (repaired + woken + resent > 0)
        {
            LogRepairs(report.Checked, report.StatusRepaired, report.Woken, report.StartsResent);
        }
        return report;
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Reconciler checked {Checked} quiet instances: {Repaired} status rows repaired, {Woken} woken, {Resent} starts sent again")]
    private partial void LogRepairs(int @checked, int repaired, int woken, int resent);
}
