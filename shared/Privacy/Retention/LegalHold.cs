using System.Text.Json.Serialization;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

public enum LegalHoldScope
{
    Record,
    Subject,
}

public enum LegalHoldStatus
{
    Active,
    Released,
}

/// <summary>
/// One identifier of a held data subject as the hub keeps it: its kind (<c>email</c>, <c>phone</c>, <c>nationalId</c>) and the
/// subject index's keyed hash of its normalised value (<see cref="Classification.SubjectKeys"/>), never the value itself.
/// </summary>
public sealed record SubjectKey(string Kind, string Key);

/// <summary>
/// A legal hold (GDPR Art. 17(3)(e): data needed for legal claims): on one record, or on every record of a data subject.
/// Held data is neither erased nor removed by retention. A release ends the hold but keeps it, with who released it
/// and when, so the record shows what was held and for how long.
/// </summary>
public sealed record LegalHold(
    string Id,
    LegalHoldScope Scope,
    RecordReference? Record,
    IReadOnlyList<SubjectKey>? Subject,
    string Reason,
    string Matter,
    string PlacedBy,
    DateTimeOffset PlacedAt,
    string? ReleasedBy,
    DateTimeOffset? ReleasedAt,
    string? ReleaseNote,
    long Version) : IHasETag
{
    public LegalHoldStatus Status => ReleasedAt is null ? LegalHoldStatus.Active : LegalHoldStatus.Released;

    [JsonIgnore]
    public string ETag => $"\"{Version}\"";

    public static string NewId() => $"lh-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>Whether this active hold covers the record, directly or through one of the subject's keys.</summary>
    public bool Covers(RecordReference record, IReadOnlySet<string> subjectKeys) => Scope switch
    {
        LegalHoldScope.Record => Record == record,
        _ => Subject!.Any(key => subjectKeys.Contains(key.Key)),
    };
}

/// <summary>Body of <c>POST …/privacy/legal-holds</c>: a record (collection and recordId) or a subject, never both.</summary>
public sealed record LegalHoldRequest(string? Collection, string? RecordId, LegalHoldSubjectInput? Subject, string? Reason, string? Matter);

/// <summary>Who a subject hold is on: at least one identifier. The hub keeps only pseudonyms of them.</summary>
public sealed record LegalHoldSubjectInput(string? Email, string? Phone, IReadOnlyList<string>? NationalIds);

/// <summary>Body of <c>POST …/privacy/legal-holds/{id}/release</c>.</summary>
public sealed record LegalHoldRelease(string? Note);

/// <summary>Filters of the hold listing; every one optional.</summary>
public sealed record LegalHoldFilter(LegalHoldStatus? Status, LegalHoldScope? Scope, string? Collection, string? RecordId);
