namespace DataGovernance.Backup;

public enum ReadinessStatus
{
    /// <summary>Every objective is met and demonstrated.</summary>
    Ready,

    /// <summary>The objectives hold, but something weakens them (no replica, no drill yet, a drill overdue…).</summary>
    AtRisk,

    /// <summary>An objective is missed: the RPO or the RTO is exceeded, or the last drill failed.</summary>
    Breached,
}

/// <summary>Why a tenant is not <see cref="ReadinessStatus.Ready"/>; <see cref="Breach"/> when it alone breaches an objective.</summary>
public sealed record ReadinessGap(string Code, string Message, bool Breach);

public sealed record RecoveryTargets(int RpoMinutes, int RtoMinutes);

public sealed record LastDrill(string DrillId, DrillStatus Outcome, double? RtoSeconds, DateTimeOffset At);

/// <summary>
/// Disaster-recovery readiness of a tenant: its targets, the RPO achieved (age of the newest intact restore point
/// that survives the loss of the primary region, i.e. replicated; the newest primary one when replication is not
/// allowed), the RTO of the last drill, and the gaps.
/// </summary>
public sealed record BackupReadiness(
    string TenantId,
    DateTimeOffset EvaluatedAt,
    RecoveryTargets Targets,
    ReadinessStatus Status,
    double? AchievedRpoMinutes,
    string? RpoRestorePointId,
    string? NewestReplicatedRestorePointId,
    string? NewestRestorePointId,
    LastDrill? LastDrill,
    IReadOnlyList<ReadinessGap> Gaps);

/// <summary>The rules of readiness, from the tenant's policy, restore points and drills at one moment.</summary>
public static class ReadinessRules
{
    /// <summary>How long after a drill schedule's occurrence its drill may still be missing before it counts as overdue.</summary>
    public static readonly TimeSpan DrillGrace = TimeSpan.FromDays(1);

    public static BackupReadiness Assess(string tenantId, DateTimeOffset tenantCreatedAt, BackupPolicy policy,
        IReadOnlyList<RestorePoint> points, IReadOnlyList<RestoreDrill> drills, DateTimeOffset now)
    {
        var gaps = new List<ReadinessGap>();
        var rpo = TimeSpan.FromMinutes(policy.RpoMinutes);
        var intact = points.Where(point => point.LastIntegrityCheck?.Intact != false).OrderByDescending(point => point.CreatedAt).ToList();
        var newest = points.OrderByDescending(point => point.CreatedAt).FirstOrDefault();
        var replicated = intact.FirstOrDefault(point => point.Replication.Status == ReplicationStatus.Replicated);
        var basis = replicated;

        if (newest?.LastIntegrityCheck is { Intact: false })
        {
            gaps.Add(new("integrity-damaged", $"The newest restore point {newest.Id} failed its integrity check; older ones count instead.", false));
        }
        if (intact.Count == 0)
        {
            gaps.Add(new("no-restore-point", "There is no intact restore point yet.", false));
        }
        else if (newest?.Replication is { Status: ReplicationStatus.NotAllowed } notAllowed)
        {
            basis = intact[0];
            gaps.Add(new("no-replica", $"Restore points stay in the primary region, so a regional outage is not covered: {notAllowed.Reason}", false));
        }
        else if (intact.FirstOrDefault(point => point.Replication.Status == ReplicationStatus.Pending) is { } pending && pending.CreatedAt > (replicated?.CreatedAt ?? DateTimeOffset.MinValue))
        {
            basis ??= intact[0];
            gaps.Add(new("replication-pending", $"The replica of {pending.Id} is still pending: {pending.Replication.Reason ?? "not copied yet"}.", false));
        }

        var since = basis?.CreatedAt ?? tenantCreatedAt;
        if (now - since > rpo)
        {
            gaps.Add(new("rpo-breached", basis is null
                ? $"No restore point in the {policy.RpoMinutes} minutes since the tenant was created."
                : $"The newest usable restore point {basis.Id} is {(now - basis.CreatedAt).TotalMinutes:F0} minutes old; the RPO is {policy.RpoMinutes}.", true));
        }

        var finished = drills.Where(drill => drill.Status != DrillStatus.Running).OrderByDescending(drill => drill.StartedAt).ToList();
        var last = finished.FirstOrDefault();
        if (last is null)
        {
            gaps.Add(new("no-drill", "No restore drill has shown that the tenant can be recovered.", false));
        }
        else if (last.Status == DrillStatus.Failed)
        {
            gaps.Add(new("drill-failed", $"The last drill {last.Id} failed: {string.Join("; ", last.Reasons.Take(3).Select(reason => reason.Message))}", true));
        }
        else if (!last.RtoMet)
        {
            gaps.Add(new("rto-breached", $"The last drill {last.Id} took {last.RtoSeconds:F0} seconds; the RTO is {policy.RtoMinutes} minutes.", true));
        }
        if (last is not null && policy.DrillSchedule is { } schedule && BackupSchedules.LastOccurrence(schedule, now - DrillGrace) is { } due && last.StartedAt < due)
        {
            gaps.Add(new("drill-overdue", $"The drill due at {due:u} has not run; the last one started at {last.StartedAt:u}.", false));
        }

        var status = gaps.Any(gap => gap.Breach) ? ReadinessStatus.Breached : gaps.Count > 0 ? ReadinessStatus.AtRisk : ReadinessStatus.Ready;
        return new BackupReadiness(tenantId, now, new RecoveryTargets(policy.RpoMinutes, policy.RtoMinutes), status,
            basis is null ? null : Math.Round((now - basis.CreatedAt).TotalMinutes, 2), basis?.Id, replicated?.Id, newest?.Id,
            last is null ? null : new LastDrill(last.Id, last.Status, last.RtoSeconds, last.FinishedAt ?? last.StartedAt), gaps);
    }
}
