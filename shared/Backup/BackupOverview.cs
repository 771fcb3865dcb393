using DataGovernance.Tenancy;
using NCrontab;

namespace DataGovernance.Backup;

/// <summary>One tenant's backups as operators see them: schedule, newest restore point and the state of its replicas.</summary>
public sealed record TenantBackupStatus(
    string TenantId,
    string TenantName,
    string Schedule,
    bool Enabled,
    bool IsDefaultPolicy,
    DateTimeOffset? NextBackupAt,
    string? DrillSchedule,
    int RestorePoints,
    DateTimeOffset? LastBackupAt,
    string? ReplicaRegion,
    string? ReplicationRefusal,
    int PendingReplicas,
    DateTimeOffset? LastReplicatedAt,
    double ReplicationLagSeconds,
    bool IntegrityProblems);

/// <summary>The restore operations centre: what waits for approval, what runs, and how past restores ended.</summary>
public sealed record RestoreOperationsView(
    IReadOnlyList<RestoreRequest> PendingApprovals,
    IReadOnlyList<RestoreRequest> Running,
    IReadOnlyList<RestoreRequest> History,
    int Succeeded,
    int Failed,
    int Rejected,
    int Expired);

/// <summary>Every tenant's backups and restores, for the platform console.</summary>
public sealed class BackupOverview(
    TenantStore tenants, BackupPolicyStore policies, RestorePointStore restorePoints, RestoreStore restores, TimeProvider clock)
{
    private const int HistoryShown = 100;

    /// <summary>
    /// Per active tenant: schedule, next run, newest restore point and replication. Replication lag is the age of
    /// the oldest restore point whose replica is still pending (zero when every replica is in place).
    /// </summary>
    public async Task<IReadOnlyList<TenantBackupStatus>> TenantsAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var stored = await policies.ListAsync(cancellationToken);
        var points = new Dictionary<string, List<RestorePoint>>(StringComparer.Ordinal);
        await foreach (var point in restorePoints.ListAllAsync(cancellationToken))
        {
            (points.TryGetValue(point.TenantId, out var list) ? list : points[point.TenantId] = []).Add(point);
        }
        var result = new List<TenantBackupStatus>();
        string? token = null;
        do
        {
            var (page, next) = await tenants.ListAsync(TenantStatus.Active, 200, token, cancellationToken);
            result.AddRange(page.Select(tenant => StatusOf(tenant, stored.GetValueOrDefault(tenant.Id) ?? policies.DefaultFor(tenant.Id), points.GetValueOrDefault(tenant.Id) ?? [], now)));
            token = next;
        }
        while (token is not null);
        return result;
    }

    public async Task<RestoreOperationsView> RestoresAsync(CancellationToken cancellationToken)
    {
        var all = new List<RestoreRequest>();
        await foreach (var request in restores.ListAllAsync(cancellationToken))
        {
            all.Add(request);
        }
        var newestFirst = all.OrderByDescending(request => request.RequestedAt).ToList();
        int Count(RestoreStatus status) => all.Count(request => request.Status == status);
        return new RestoreOperationsView(
            [.. newestFirst.Where(request => request.Status is RestoreStatus.Assessing or RestoreStatus.AwaitingApproval)],
            [.. newestFirst.Where(request => request.Status == RestoreStatus.Running)],
            [.. newestFirst.Where(request => request.IsFinished).Take(HistoryShown)],
            Count(RestoreStatus.Succeeded), Count(RestoreStatus.Failed), Count(RestoreStatus.Rejected), Count(RestoreStatus.Expired));
    }

    private static TenantBackupStatus StatusOf(Tenant tenant, StoredBackupPolicy stored, List<RestorePoint> points, DateTimeOffset now)
    {
        var policy = stored.Policy;
        var schedule = CrontabSchedule.TryParse(policy.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        DateTimeOffset? next = policy.Enabled && schedule is not null
            ? new DateTimeOffset(DateTime.SpecifyKind(schedule.GetNextOccurrence(now.UtcDateTime), DateTimeKind.Utc))
            : null;
        var pending = points.Where(point => point.Replication.Status == ReplicationStatus.Pending).ToList();
        var refusal = points.OrderByDescending(point => point.CreatedAt).FirstOrDefault(point => point.Replication.Status == ReplicationStatus.NotAllowed)?.Replication.Reason;
        return new TenantBackupStatus(
            tenant.Id, tenant.Settings.Name, policy.Schedule, policy.Enabled, stored.IsDefault, next, policy.DrillSchedule,
            points.Count,
            points.Count == 0 ? null : points.Max(point => point.CreatedAt),
            policy.ReplicaRegion,
            refusal,
            pending.Count,
            points.Select(point => point.Replication.ReplicatedAt).Max(),
            pending.Count == 0 ? 0 : (now - pending.Min(point => point.CreatedAt)).TotalSeconds,
            points.Any(point => point.LastIntegrityCheck is { Intact: false }));
    }
}
