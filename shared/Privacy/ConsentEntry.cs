namespace DataGovernance.Privacy;

public enum ConsentAction
{
    Given,
    Withdrawn,
}

/// <summary>Where the consent or its withdrawal was collected.</summary>
public enum ConsentSource
{
    WebForm,
    MobileApp,
    Email,
    Paper,
    Verbal,
    Import,
    Api,
}

/// <summary>What shows that the subject did what the entry says: at least one of these.</summary>
public sealed record ConsentProof(string? FormVersion, string? IpAddress, string? TextShown, string? EvidenceReference);

/// <summary>
/// Body of <c>POST …/privacy/consents</c>. The subject is either <c>subjectId</c>, an opaque reference such as a
/// <c>people</c> record id or the caller's own pseudonymous key, or <c>email</c>, which the hub turns into a
/// pseudonymous key and does not keep.
/// </summary>
public sealed record ConsentRequest(
    string? SubjectId,
    string? Email,
    string? Purpose,
    LegalBasis? LawfulBasis,
    ConsentAction? Action,
    ConsentSource? Source,
    DateTimeOffset? OccurredAt,
    ConsentProof? Proof);

/// <summary>
/// One entry of the consent ledger, never changed once written. <see cref="Hash"/> is the SHA-256 of the entry's content
/// and <see cref="PreviousHash"/>, the hash of the subject's entry recorded before it (<see cref="SubjectSequence"/> − 1),
/// so that an altered, removed or inserted entry breaks the subject's chain.
/// </summary>
public sealed record ConsentEntry(
    string Id,
    string Subject,
    long SubjectSequence,
    string Purpose,
    LegalBasis LawfulBasis,
    ConsentAction Action,
    ConsentSource Source,
    DateTimeOffset OccurredAt,
    ConsentProof Proof,
    DateTimeOffset RecordedAt,
    string RecordedBy,
    string CorrelationId,
    string? PreviousHash,
    string Hash);

/// <summary>Where a subject stands on one purpose: the action of the entry that occurred last.</summary>
public sealed record ConsentState(string Purpose, ConsentAction State, DateTimeOffset At, string EntryId, LegalBasis LawfulBasis, ConsentSource Source);

/// <summary>A subject's current consent, one state per purpose they ever gave or withdrew consent for.</summary>
public sealed record SubjectConsents(string Subject, IReadOnlyList<ConsentState> Purposes);

/// <summary>Filters of the ledger listing and export; <c>from</c> inclusive and <c>to</c> exclusive, on the occurrence time.</summary>
public sealed record ConsentFilter(string? Subject, string? Purpose, DateTimeOffset? From, DateTimeOffset? To);

/// <summary>The entries of an export, read from storage while they are written out.</summary>
public sealed record ConsentExport(IAsyncEnumerable<ConsentEntry> Entries);
