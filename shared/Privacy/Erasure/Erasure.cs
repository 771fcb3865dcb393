namespace DataGovernance.Privacy;

/// <summary>Where an erasure is. <see cref="Failed"/> is not final: starting the erasure again continues where it stopped.</summary>
public enum ErasureStatus
{
    Planning,
    AwaitingApproval,
    Erasing,
    Replicating,
    Certifying,
    Completed,
    Rejected,
    Expired,
    Failed,
}

/// <summary>What an erasure does to one field (see <see cref="ErasureRules"/>).</summary>
public enum FieldErasure
{
    /// <summary>An identifier replaced by the subject's pseudonym (e-mail fields by <c>{pseudonym}@erased.invalid</c>).</summary>
    Pseudonymised,

    /// <summary>A personal detail removed from the record.</summary>
    Removed,

    /// <summary>Free text: every occurrence of the subject's e-mail, phone or name replaced by the pseudonym, the rest kept.</summary>
    Redacted,
}

public enum ErasureItemState
{
    Pending,
    Erased,

    /// <summary>Kept by a legal hold; <see cref="ErasureItem.Hold"/> says which and why.</summary>
    Held,

    /// <summary>The record was deleted before the erasure reached it: nothing left to erase.</summary>
    Gone,
}

/// <summary>A field the erasure changes, and how. No values: the plan never holds the personal data it removes.</summary>
/// <param name="Identifier">Which identifier discovery matched there (email, phone, nationalId, name); null for a field erased because the record is the subject's own.</param>
public sealed record ErasureField(string Field, FieldErasure Action, string? Identifier);

public sealed record ErasureHold(string HoldId, string Reason);

/// <summary>One record an erasure covers and how far it got.</summary>
/// <param name="OwnRecord">The subject's own <c>people</c> record (its own e-mail or national id matched): every personal field is erased, matched or not.</param>
public sealed record ErasureItem(
    string Collection,
    string RecordId,
    bool OwnRecord,
    IReadOnlyList<ErasureField> Fields,
    ErasureItemState State,
    ErasureHold? Hold,
    DateTimeOffset? ErasedAt,
    long? VersionAfter,
    bool SecondaryLedgerWritten);

/// <summary>
/// The import files an erasure deleted: those of <paramref name="Imports"/> batches (counted over every attempt), and the
/// batches whose files it had to keep because a commit or rollback was reading them.
/// </summary>
public sealed record ErasedImportFiles(int Imports, IReadOnlyList<string> KeptWhileRunning);

/// <summary>What the certificate of an erasure is, and where its files are.</summary>
public sealed record ErasureCertificateInfo(string CertificateId, string Sha256, string KeyId, DateTimeOffset IssuedAt);

/// <summary>A download of a certificate file through an expiring link.</summary>
public sealed record CertificateLinks(string SignedJson, string Text, DateTimeOffset ExpiresAt);

/// <summary>
/// The erasure of a data subject's personal data for one request: its plan, approval, progress and certificate.
/// <see cref="Items"/> and <see cref="Links"/> are filled in when read.
/// </summary>
/// <param name="Pseudonym">What identifiers of the subject become (stable per tenant and person).</param>
/// <param name="Secondary">What became of the secondary region: the ledger written there, or why it holds nothing of the tenant.</param>
/// <param name="ImportFiles">What became of the tenant's import files, which may hold the subject; null until that step ran.</param>
public sealed record Erasure(
    string RequestId,
    ErasureStatus Status,
    string Pseudonym,
    string StartedBy,
    DateTimeOffset StartedAt,
    int Attempts,
    string? ApprovedBy,
    DateTimeOffset? ApprovedAt,
    string? DecisionComment,
    bool SelfApproved,
    int Planned,
    int Held,
    int Erased,
    string? Secondary,
    ErasureCertificateInfo? Certificate,
    string? FailureReason,
    DateTimeOffset? CompletedAt,
    DateTimeOffset UpdatedAt,
    ErasedImportFiles? ImportFiles = null)
{
    public IReadOnlyList<ErasureItem>? Items { get; init; }

    public CertificateLinks? Links { get; init; }

    public bool IsFinished => Status is ErasureStatus.Completed or ErasureStatus.Rejected or ErasureStatus.Expired;
}

/// <summary>Body of <c>POST …/erasure/approval</c>: approve (the default) or reject the plan, with an optional comment.</summary>
public sealed record ErasureDecisionInput(bool? Approve, string? Comment);

/// <summary>The DPO's decision as the orchestration receives it.</summary>
public sealed record ErasureDecision(bool Approved, string DecidedBy, string? Comment)
{
    public const string EventName = "ErasureDecision";
}
