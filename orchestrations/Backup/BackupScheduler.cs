using DataGovernance.Backup;
using DataGovernance.Tenancy;
using Microsoft.Extensions.Logging;
using NCrontab;

namespace DataGovernance.Orchestrations.Backup;

/// <summary>
/// Runs every minute: starts the backup of each active tenant whose schedule has an occurrence it has not started
/// yet, and another replication attempt for each pending replica whose backoff has passed. A tenant's first look
/// only notes the latest occurrence, so that its first backup runs at the next one.
/// </summary>
public sealed partial class BackupScheduler(
    TenantStore tenants,
    BackupPolicyStore policies,
    RestorePointStore restorePoints,
    BackupOperations operations,
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
                await ScheduleAsync(policy, now, cancellationToken);
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

    private async Task ScheduleAsync(StoredBackupPolicy stored, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (!stored.Policy.Enabled || LastOccurrence(stored.Policy.Schedule, now) is not { } occurrence || occurrence <= stored.LastScheduledBackup)
        {
            return;
        }
        if (stored.LastScheduledBackup is not null && await operations.StartScheduledBackupAsync(stored.TenantId, occurrence, cancellationToken))
        {
            LogScheduled(stored.TenantId, occurrence);
        }
        await policies.SaveAsync(stored with { LastScheduledBackup = occurrence }, cancellationToken);
    }

    /// <summary>The latest occurrence of the schedule at or before <paramref name="now"/> within the last 40 days.</summary>
    public static DateTimeOffset? LastOccurrence(string schedule, DateTimeOffset now)
    {
        var parsed = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        if (parsed is null)
        {
            return null;
        }
        var end = now.UtcDateTime.AddTicks(1);
        var occurrences = parsed.GetNextOccurrences(end.AddDays(-40), end);
        return occurrences.Any() ? new DateTimeOffset(DateTime.SpecifyKind(occurrences.Last(), DateTimeKind.Utc)) : null;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "Started the scheduled backup of tenant {TenantId} for {Occurrence}")]
    private partial void LogScheduled(string tenantId, DateTimeOffset occurrence);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Retrying the replica of {RestorePointId} of tenant {TenantId} (attempt {Attempt})")]
    private partial void LogReplicationRetry(string tenantId, string restorePointId, int attempt);
}
