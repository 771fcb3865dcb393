using System.Text.Json.Serialization;

namespace DataGovernance.Privacy;

public enum RetentionRunStatus
{
    Running,
    Succeeded,
    Failed,
}

public enum RetentionRunTrigger
{
    Manual,
    Scheduled,
}

/// <summary>What a run did, or in a dry run would do, with one record.</summary>
public enum RetentionOutcome
{
    WouldDelete,
    WouldAnonymise,
    Deleted,
    Anonymised,

    /// <summary>Due, but kept by a legal hold.</summary>
    Held,

    /// <summary>Due when planned, but changed by someone before the run got to it; the next run judges it again.</summary>
    Changed,
}

/// <summary>How many records a run found due and what became of them.</summary>
public sealed record RetentionCounts(int Due, int Deleted, int Anonymised, int WouldDelete, int WouldAnonymise, int Held, int Changed)
{
    public static RetentionCounts Zero { get; } = new(0, 0, 0, 0, 0, 0, 0);

    public RetentionCounts Plus(RetentionCounts other) => new(Due + other.Due, Deleted + other.Deleted, Anonymised + other.Anonymised,
        WouldDelete + other.WouldDelete, WouldAnonymise + other.WouldAnonymise, Held + other.Held, Changed + other.Changed);

    public static RetentionCounts Of(IEnumerable<RetentionItem> items)
    {
        var list = items.ToList();
        int Count(RetentionOutcome outcome) => list.Count(item => item.Outcome == outcome);
        return new(list.Count, Count(RetentionOutcome.Deleted), Count(RetentionOutcome.Anonymised), Count(RetentionOutcome.WouldDelete),
            Count(RetentionOutcome.WouldAnonymise), Count(RetentionOutcome.Held), Count(RetentionOutcome.Changed));
    }
}

/// <summary>One policy's share of a run.</summary>
public sealed record RetentionPolicyTally(string PolicyId, string PolicyName, RetentionCounts Counts);

/// <summary>
/// One enforcement of the tenant's retention policies as of <see cref="AsOf"/>. A dry run changes nothing and reports
/// what it would do; a real run ends with a signed deletion certificate.
/// </summary>
public sealed record RetentionRun(
    string Id,
    bool DryRun,
    RetentionRunTrigger Trigger,
    RetentionRunStatus Status,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset AsOf,
    DateTimeOffset? CompletedAt,
    string? FailureReason,
    IReadOnlyList<RetentionPolicyTally> Policies,
    RetentionCounts Totals,
    bool HasCertificate)
{
    public static string IdFor(DateTimeOffset at, string suffix) => $"rr-{at.UtcDateTime:yyyyMMddHHmmss}-{suffix}";
}

/// <summary>
/// A due record of a run and what became of it: planned (no outcome yet), held with the hold and its reason, or
/// treated. <see cref="Fields"/> are the fields an anonymisation removed or blanked.
/// </summary>
public sealed record RetentionItem(
    string Collection,
    string RecordId,
    long Version,
    string PolicyId,
    RetentionAction Action,
    DateTimeOffset EventAt,
    DateTimeOffset DueAt,
    RetentionOutcome? Outcome,
    string? HoldId,
    string? Reason,
    IReadOnlyList<string>? Fields);

/// <summary>
/// The due records of one page of one target, as planned and then as treated. It is written before anything is
/// changed, so that a retried batch treats exactly the records it planned.
/// </summary>
public sealed record RetentionBatch(
    string PolicyId, string Collection, int Batch, string? NextToken, bool Completed, IReadOnlyList<RetentionItem> Items)
{
    [JsonIgnore]
    public RetentionCounts Counts => RetentionCounts.Of(Items);
}

/// <summary>Body of <c>POST …/privacy/retention-runs</c>.</summary>
public sealed record RetentionRunRequest(bool? DryRun);

/// <summary>What one batch step of a run works on: which target, which page of it, as of when.</summary>
public sealed record RetentionBatchInput(
    string TenantId, string RunId, bool DryRun, DateTimeOffset AsOf, int BatchSize, RetentionTarget Target, int Batch, string? Token);

/// <summary>What a batch step found: its counts and where the next page of the target starts (null: the target is done).</summary>
public sealed record RetentionBatchOutcome(RetentionCounts Counts, string? Next);

/// <summary>A page of a run's items; the continuation token names the next batch.</summary>
public sealed record RetentionItemPage(IReadOnlyList<RetentionItem> Items, string? ContinuationToken);

/// <summary>A real run's deletion certificate: the signed JSON exactly as signed, its detached signature and a readable version.</summary>
public sealed record RetentionCertificate(string RunId, string Certificate, Security.EvidenceSignature Signature, string Readable);
