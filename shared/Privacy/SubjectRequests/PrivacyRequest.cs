using System.Text.Json.Serialization;

namespace DataGovernance.Privacy;

public enum PrivacyLaw
{
    Gdpr,
    Ccpa,
}

/// <summary>What the data subject asks for. The law follows from the type.</summary>
public enum PrivacyRequestType
{
    /// <summary>GDPR Art. 15.</summary>
    Access,

    /// <summary>GDPR Art. 16.</summary>
    Rectification,

    /// <summary>GDPR Art. 17.</summary>
    Erasure,

    /// <summary>GDPR Art. 18.</summary>
    Restriction,

    /// <summary>GDPR Art. 20.</summary>
    Portability,

    /// <summary>GDPR Art. 21.</summary>
    Objection,

    /// <summary>CCPA right to know.</summary>
    Know,

    /// <summary>CCPA right to delete.</summary>
    Delete,

    /// <summary>CCPA right to correct.</summary>
    Correct,

    /// <summary>CCPA opt-out of sale or sharing.</summary>
    OptOut,

    /// <summary>CCPA right to limit the use of sensitive personal information.</summary>
    LimitSensitive,
}

public enum PrivacyRequestStatus
{
    Received,
    AwaitingVerification,
    Verified,
    InProgress,
    Completed,
    Refused,
    Withdrawn,
}

public enum RequesterRelationship
{
    Self,
    AuthorisedAgent,
}

public enum VerificationMethod
{
    Code,
    Manual,
}

public static class PrivacyRequestTypes
{
    public static PrivacyLaw LawOf(this PrivacyRequestType type) =>
        type <= PrivacyRequestType.Objection ? PrivacyLaw.Gdpr : PrivacyLaw.Ccpa;

    /// <summary>CCPA opt-outs (of sale or sharing, of sensitive data use) need not be verified (CCPA regulations §7026, §7027).</summary>
    public static bool NeedsVerification(this PrivacyRequestType type) =>
        type is not (PrivacyRequestType.OptOut or PrivacyRequestType.LimitSensitive);

    public static bool IsClosed(this PrivacyRequestStatus status) =>
        status is PrivacyRequestStatus.Completed or PrivacyRequestStatus.Refused or PrivacyRequestStatus.Withdrawn;
}

/// <summary>Who made the request: the data subject, or an agent they authorised.</summary>
public sealed record Requester(string Name, string? Email, string? Phone, RequesterRelationship Relationship);

/// <summary>How the requester's identity was checked. Only a hash of a sent code is kept, never the code.</summary>
/// <param name="FailedAttempts">Wrong codes entered since the current code was sent.</param>
public sealed record Verification(
    VerificationMethod? Method,
    DateTimeOffset? VerifiedAt,
    string? VerifiedBy,
    string? Note,
    DateTimeOffset? CodeSentAt,
    DateTimeOffset? CodeExpiresAt,
    int FailedAttempts,
    int CodesSent,
    [property: JsonIgnore] string? CodeHash)
{
    public static Verification None { get; } = new(null, null, null, null, null, null, 0, 0, null);
}

/// <summary>An extension of the response deadline, recorded with the notice the requester was sent.</summary>
/// <param name="Months">GDPR: the further months (1 or 2); CCPA: null (always 45 days).</param>
public sealed record DeadlineExtension(string Reason, DateTimeOffset NoticeSentAt, int? Months, DateTimeOffset RecordedAt, string RecordedBy);

/// <summary>
/// A data subject request. <see cref="TimeZone"/> is the tenant's at receipt: the day boundaries of every deadline.
/// <see cref="Deadlines"/> and <see cref="History"/> are filled in when read.
/// </summary>
public sealed record PrivacyRequest(
    string Id,
    PrivacyRequestType Type,
    PrivacyLaw Law,
    PrivacyRequestStatus Status,
    Requester Requester,
    string? Description,
    DateTimeOffset ReceivedAt,
    string TimeZone,
    string? AssigneeUserId,
    DateTimeOffset? AcknowledgedAt,
    Verification Verification,
    DeadlineExtension? Extension,
    string? Resolution,
    DateTimeOffset? ClosedAt,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    int Steps,
    DateOnly? DueSoonAlertedFor,
    DateOnly? OverdueAlertedFor)
{
    public PrivacyDeadlines? Deadlines { get; init; }

    public IReadOnlyList<PrivacyRequestStep>? History { get; init; }

    public static string NewId(DateTimeOffset at) => $"pr-{at:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
}

/// <summary>One step of a request's history. Notes are what staff wrote; the step itself names no person but the actor id.</summary>
public sealed record PrivacyRequestStep(
    int Sequence,
    DateTimeOffset At,
    string Actor,
    string Action,
    PrivacyRequestStatus Status,
    string? Note);

/// <summary>Body of <c>POST …/privacy/requests</c>.</summary>
public sealed record PrivacyRequestIntake(string? Type, RequesterInput? Requester, string? Description, DateTimeOffset? ReceivedAt);

public sealed record RequesterInput(string? Name, string? Email, string? Phone, string? Relationship);

/// <summary>Body of <c>POST …/verify</c>: a code the requester received, or a note on how a DPO verified them otherwise.</summary>
public sealed record VerificationInput(string? Code, string? Note);

/// <summary>Body of <c>PATCH …/privacy/requests/{id}</c>; an empty id clears the assignment.</summary>
public sealed record PrivacyRequestAssignment(string? AssigneeUserId);

/// <summary>Body of <c>POST …/status</c>.</summary>
public sealed record StatusChange(string? Status, string? Reason);

/// <summary>Body of <c>POST …/acknowledge</c>; <c>SentAt</c> defaults to now.</summary>
public sealed record AcknowledgementInput(DateTimeOffset? SentAt);

/// <summary>Body of <c>POST …/extend</c>.</summary>
public sealed record ExtensionInput(string? Reason, DateTimeOffset? NoticeSentAt, int? Months);

/// <summary>Filters of the request listing; every one optional.</summary>
public sealed record PrivacyRequestFilter(PrivacyRequestStatus? Status, PrivacyRequestType? Type, DateOnly? DueBefore, bool Overdue);
