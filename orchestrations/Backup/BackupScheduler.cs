using DataGovernance.Backup;
using DataGovernance.Tenancy;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Backup;

/// <summary>
/// Runs every minute: starts the backup and the restore drill of each active tenant whose schedule has an
/// occurrence it has not started yet, assesses each tenant's recovery readiness (alerting when it becomes
/// breached), and starts another replication attempt for each pending replica whose backoff has passed. A
/// tenant's first look only notes the latest occurrences, so that its first backup and drill run at the next ones.
/// </summary>
public sealed partial class BackupScheduler(
    TenantStore tenants,
    BackupPolicyStore policies,
    RestorePointStore restorePoints,
    BackupOperations operations,
    DrillOperations drills,
    ReadinessService readiness,
    TimeProvider clock,
    ILogger<BackupScheduler> logger)
{
    public const string FunctionName = "RunBackupSchedules";
    public const string Schedule = "0 * * * * *";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stored = await policies.ListAsync(cancellationToken);
        string? token = null;
        do
        {
            var (page, next) = await tenants.ListAsync(TenantStatus.Active, 200, token, cancellationToken);
            foreach (var tenant in page)
            {
                var policy = stored.GetValueOrDefault(tenant.Id) ?? policies.DefaultFor(tenant.Id);
                policy = await ScheduleAsync(policy, now, cancellationToken);
                await ScheduleDrillAsync(policy, now, cancellationToken);
                if (await readiness.MonitorAsync(tenant, policy.Policy, cancellationToken))
                {
                    LogReadinessBreached(tenant.Id);
                }
            }
            token = next;
        }
        while (token is not null);

        foreach (var point in await restorePoints.ListPendingReplicationAsync(cancellationToken))
        {
            if ((point.Replication.NextAttemptAt ?? DateTimeOffset.MinValue) <= now && await operations.StartReplicationAsync(point, cancellationToken))
            {
                LogReplicationRetry(point.TenantId, point.Id, point.Replication.Attempts + 1);
            }
        }
    }

    private async Task<StoredBackupPolicy> ScheduleAsync(StoredBackupPolicy stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!stored.Policy.Enabled || LastOccurrence(stored.Policy.Schedule, now) is not { } occurrence || occurrence <= stored.LastScheduledBackup)
        {
            return stored;
        }
        if (stored.LastScheduledBackup is not null && await operations.StartScheduledBackupAsync(stored.TenantId, occurrence, cancellationToken))
        {
            LogScheduled(stored.TenantId, occurrence);
        }
        var updated = stored with { LastScheduledBackup = occurrence };
        await policies.SaveAsync(updated, cancellationToken);
        return updated;
    }

    private async Task ScheduleDrillAsync(StoredBackupPolicy stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!stored.Policy.Enabled || stored.Policy.DrillSchedule is not { } schedule || LastOccurrence(schedule, now) is not { } occurrence
            || occurrence <= stored.LastScheduledDrill)
        {
            return;
        }
        if (stored.LastScheduledDrill is not null && await drills.StartScheduledDrillAsync(stored.TenantId, occurrence, cancellationToken))
        {
            LogDrillScheduled(stored.TenantId, occurrence);
        }
        await policies.SaveAsync(stored with { LastScheduledDrill = occurrence }, cancellationToken);
    }

    /// <summary>The latest occurrence of the schedule at or before <paramref name="now"/> within the last 40 days.</summary>
    public static DateTimeOffset? LastOccurrence(string schedule, DateTimeOffset now) => BackupSchedules.LastOccurrence(schedule, now);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Started the scheduled backup of tenant {TenantId} for {Occurrence}")]
    private partial void LogScheduled(string tenantId, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Retrying the replica of {RestorePointId} of tenant {TenantId} (attempt {Attempt})")]
    private partial void LogReplicationRetry(string tenantId, string restorePointId, int attempt);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Started the scheduled restore drill of tenant {TenantId} for {Occurrence}")]
    private partial void LogDrillScheduled(string tenantId, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Tenant {TenantId} no longer meets its recovery objectives")]
    private partial void LogReadinessBreached(string tenantId);
}
