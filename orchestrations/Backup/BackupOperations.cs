using DataGovernance.Backup;

namespace DataGovernance.Orchestrations.Backup;

/// <summary>Starts backup work as orchestrations with deterministic, tenant-scoped instance ids.</summary>
public sealed class BackupOperations(DurableTaskClient client, TimeProvider clock)
{
    public static string BackupInstanceId(string tenantId, string restorePointId) => $"backup:{tenantId}:{restorePointId}";

    /// <summary>An on-demand backup; returns the orchestration's instance id.</summary>
    public async Task<string> StartBackupAsync(string tenantId, CancellationToken cancellationToken)
    {
        var restorePointId = RestorePoint.NewId(clock.GetUtcNow());
        return await StartAsync(tenantId, restorePointId, RestorePointKind.OnDemand, cancellationToken);
    }

    /// <summary>The backup of one schedule occurrence; false when it was started before.</summary>
    public async Task<bool> StartScheduledBackupAsync(string tenantId, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var restorePointId = $"rp-{occurrence:yyyyMMdd-HHmmss}-sched";
        if (await client.GetInstanceAsync(BackupInstanceId(tenantId, restorePointId), cancellation: cancellationToken) is not null)
        {
            return false;
        }
        await StartAsync(tenantId, restorePointId, RestorePointKind.Scheduled, cancellationToken);
        return true;
    }

    /// <summary>Another attempt at a pending replica; false when that attempt is already under way or done.</summary>
    public async Task<bool> StartReplicationAsync(RestorePoint point, CancellationToken cancellationToken)
    {
        var instanceId = $"replicate:{point.TenantId}:{point.Id}:{point.Replication.Attempts}";
        if (await client.GetInstanceAsync(instanceId, cancellation: cancellationToken) is not null)
        {
            return false;
        }
        await client.ScheduleNewOrchestrationInstanceAsync(nameof(ReplicationOrchestration), point, StartOrchestrationOptions.ForTenant(point.TenantId, instanceId), cancellationToken);
        return true;
    }

    private Task<string> StartAsync(string tenantId, string restorePointId, RestorePointKind kind, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(nameof(BackupOrchestration), new BackupInput(tenantId, restorePointId, kind),
            StartOrchestrationOptions.ForTenant(tenantId, BackupInstanceId(tenantId, restorePointId)), cancellationToken);
}
