namespace DataGovernance.Audit;

public enum AuditOutcome
{
    Success,
    Failure,
    Denied,
}

/// <summary>Something that happened and must be on the record: a change, an authentication failure, a denial.</summary>
/// <param name="ChainId">The tenant the event belongs to, or <c>platform</c>.</param>
/// <param name="Action">The operation's stable name, such as <c>CreateRecord</c>.</param>
/// <param name="Reason">For failures and denials, the problem code returned.</param>
public sealed record AuditEvent(
    string ChainId,
    DateTimeOffset OccurredAt,
    string Actor,
    string Action,
    string Method,
    string Path,
    int StatusCode,
    AuditOutcome Outcome,
    string? Reason,
    string CorrelationId,
    string? ClientIp);

/// <summary>An event as stored: numbered in its chain and linked to its predecessor by hash.</summary>
public sealed record AuditEntry(long Sequence, AuditEvent Event, string PreviousHash, string Hash);

/// <summary>Filters of an audit listing; every one optional.</summary>
public sealed record AuditFilter(DateTimeOffset? From, DateTimeOffset? To, string? Actor, string? Action, AuditOutcome? Outcome);

/// <summary>The result of recomputing a chain. <see cref="FirstBrokenSequence"/> is the oldest entry that does not verify.</summary>
public sealed record AuditVerification(
    bool Valid,
    long EntriesChecked,
    long LastSequence,
    long? FirstBrokenSequence,
    string? Problem);
