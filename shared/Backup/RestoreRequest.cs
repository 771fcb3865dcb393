namespace DataGovernance.Backup;

public enum RestoreScope
{
    Tenant,
    Collection,
    Records,
}

public enum RestoreStatus
{
    /// <summary>Working out what the restore would change.</summary>
    Assessing,
    AwaitingApproval,
    Running,
    Succeeded,
    Rejected,

    /// <summary>No second administrator decided within the approval time limit.</summary>
    Expired,

    /// <summary>Abandoned before its switch; the tenant's records are exactly as before.</summary>
    Failed,
}

/// <summary>What a restore does to one record: the live state is replaced by the state at the target.</summary>
public enum RestoreAction
{
    Create,
    Update,
    Delete,
}

/// <summary>What a restore would change (assessment) or changed (outcome) in one collection.</summary>
public sealed record CollectionImpact(string Collection, long Create, long Update, long Delete);

/// <summary>One record a restore would change.</summary>
public sealed record RecordImpact(string Collection, string RecordId, RestoreAction Action);

/// <summary>Counts per collection, and the first <see cref="RestoreImpact.MaxListed"/> records affected.</summary>
public sealed record RestoreImpact(long Create, long Update, long Delete, IReadOnlyList<CollectionImpact> Collections, IReadOnlyList<RecordImpact> Records, bool Truncated)
{
    public const int MaxListed = 100;

    public long Total => Create + Update + Delete;
}

/// <summary>Body of <c>POST …/backup/restores</c>: what to restore, to when, and why.</summary>
public sealed record RestoreRequestBody(string? Scope, string? Collection, IReadOnlyList<string>? RecordIds, string? RestorePointId, DateTimeOffset? At, string? Reason);

/// <summary>Body of <c>POST …/backup/restores/{id}/approve</c> and <c>…/reject</c>.</summary>
public sealed record RestoreDecisionBody(string? Comment);

/// <summary>The decision a second administrator sends to the waiting restore.</summary>
public sealed record RestoreDecision(bool Approved, string DecidedBy, string? Comment);

/// <summary>
/// A restore from request to outcome. The target is a change-log position (of a restore point, or the last
/// change at a moment); <see cref="PositionBefore"/> is where the tenant stood when the restore switched, so
/// that restoring to it undoes the restore.
/// </summary>
public sealed record RestoreRequest(
    string Id,
    string TenantId,
    RestoreScope Scope,
    string? Collection,
    IReadOnlyList<string> RecordIds,
    string? RestorePointId,
    DateTimeOffset? At,
    long TargetPosition,
    string Reason,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    RestoreStatus Status,
    string? UndoOf,
    RestoreImpact? Impact = null,
    DateTimeOffset? ApprovalDeadline = null,
    string? DecidedBy = null,
    DateTimeOffset? DecidedAt = null,
    string? DecisionComment = null,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? FinishedAt = null,
    string? BeforeRestorePointId = null,
    long? PositionBefore = null,
    long? PositionAfter = null,
    int? Generation = null,
    RestoreImpact? Outcome = null,
    string? FailureReason = null)
{
    public const int MaxRecordIds = 500;

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsFinished => Status is RestoreStatus.Succeeded or RestoreStatus.Rejected or RestoreStatus.Expired or RestoreStatus.Failed;

    public static string NewId(DateTimeOffset at) => $"rs-{at:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";

    /// <summary>Whether a record of <paramref name="collection"/> is restored at all.</summary>
    public bool Covers(string collection) => Scope == RestoreScope.Tenant || Collection == collection;
}
