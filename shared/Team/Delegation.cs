using DataGovernance.Security;

namespace DataGovernance.Team;

public enum DelegationStatus
{
    Active,
    Ended,
}

/// <summary>
/// A temporary grant of one tenant role to a user, until <see cref="ExpiresAt"/> or until someone ends it. The
/// user holds the role while the delegation is active and unexpired, whether or not the timer has ended it yet.
/// </summary>
/// <param name="EndReason"><see cref="ExpiredReason"/> or <see cref="EndedEarlyReason"/> once ended.</param>
public sealed record Delegation(
    string Id,
    string UserId,
    Role Role,
    DateTimeOffset ExpiresAt,
    string Reason,
    DateTimeOffset CreatedAt,
    string DelegatedBy,
    DelegationStatus Status,
    DateTimeOffset? EndedAt,
    string? EndedBy,
    string? EndReason)
{
    public const string ExpiredReason = "expired";

    public const string EndedEarlyReason = "ended-early";

    public static readonly TimeSpan MaxDuration = TimeSpan.FromDays(30);

    public const int MaxReasonLength = 500;

    public bool IsInForceAt(DateTimeOffset now) => Status == DelegationStatus.Active && ExpiresAt > now;

    public Delegation End(DateTimeOffset at, Actor by, string reason) =>
        this with { Status = DelegationStatus.Ended, EndedAt = at, EndedBy = by.Id, EndReason = reason };

    public static string NewId(DateTimeOffset at) => $"dl-{at:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";
}

/// <summary>Body of <c>POST …/team/delegations</c>.</summary>
public sealed record DelegationRequest(string? UserId, string? Role, DateTimeOffset? ExpiresAt, string? Reason);
