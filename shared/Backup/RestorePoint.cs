namespace DataGovernance.Backup;

public enum RestorePointKind
{
    Scheduled,
    OnDemand,
    BeforeRestore,
}

public enum ReplicationStatus
{
    /// <summary>Waiting for the secondary region (it was down, or the copy is still to run).</summary>
    Pending,
    Replicated,

    /// <summary>The tenant's residency or policy excludes the secondary region; <see cref="Replication.Reason"/> says why.</summary>
    NotAllowed,
}

/// <summary>Where the replica of a restore point stands.</summary>
public sealed record Replication(ReplicationStatus Status, string? Reason, int Attempts, DateTimeOffset? ReplicatedAt, DateTimeOffset? NextAttemptAt);

/// <summary>The last integrity check of a restore point in both regions.</summary>
public sealed record IntegrityCheck(DateTimeOffset CheckedAt, bool Intact, IReadOnlyList<IntegrityProblem> Problems);

/// <summary>A verified snapshot that the tenant can be restored to; listed only once its snapshot is complete and checked.</summary>
public sealed record RestorePoint(
    string Id,
    string TenantId,
    RestorePointKind Kind,
    DateTimeOffset CreatedAt,
    long Position,
    DateTimeOffset PositionTime,
    long RecordCount,
    int ChunkCount,
    long CompressedBytes,
    string RootHash,
    Replication Replication,
    IntegrityCheck? LastIntegrityCheck)
{
    public static string NewId(DateTimeOffset at) => $"rp-{at:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
}
