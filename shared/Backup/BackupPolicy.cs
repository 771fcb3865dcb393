namespace DataGovernance.Backup;

/// <summary>
/// How a tenant's data is backed up: when (NCRONTAB, UTC), how many restore points to keep per day, week and month,
/// which region holds the replicas (null: none), the recovery objectives, and when to run restore drills.
/// </summary>
public sealed record BackupPolicy(
    string Schedule,
    int KeepDaily,
    int KeepWeekly,
    int KeepMonthly,
    string? ReplicaRegion,
    int RpoMinutes,
    int RtoMinutes,
    string? DrillSchedule,
    bool Enabled)
{
    /// <summary>The value of <see cref="BackupPolicyRequest.ReplicaRegion"/> that keeps no replica.</summary>
    public const string NoReplica = "none";

    /// <summary>What a tenant gets until its administrators choose otherwise: daily backups replicated, monthly drills.</summary>
    public static BackupPolicy Default(string replicaRegion) => new("0 0 2 * * *", KeepDaily: 7, KeepWeekly: 4, KeepMonthly: 12,
        ReplicaRegion: replicaRegion, RpoMinutes: 24 * 60, RtoMinutes: 4 * 60, DrillSchedule: "0 0 3 1 * *", Enabled: true);
}

/// <summary>Body of <c>PUT …/backup/policy</c>: the full policy.</summary>
public sealed record BackupPolicyRequest(
    string? Schedule,
    int? KeepDaily,
    int? KeepWeekly,
    int? KeepMonthly,
    string? ReplicaRegion,
    int? RpoMinutes,
    int? RtoMinutes,
    string? DrillSchedule,
    bool? Enabled);

/// <summary>A tenant's policy as stored, with the scheduler's record of the occurrences it has started.</summary>
public sealed record StoredBackupPolicy(
    string TenantId,
    BackupPolicy Policy,
    bool IsDefault,
    DateTimeOffset? LastScheduledBackup,
    DateTimeOffset? LastScheduledDrill,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy);

/// <summary>A policy with what the scheduler and the residency rules make of it.</summary>
public sealed record BackupPolicyView(
    BackupPolicy Policy,
    bool IsDefault,
    DateTimeOffset? NextBackupAt,
    bool ReplicationAllowed,
    string? ReplicationRefusal,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy);
