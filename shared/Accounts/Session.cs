namespace DataGovernance.Accounts;

/// <summary>
/// One signed-in device of a hub account: a family of refresh tokens, each used once. <see cref="MfaVerifiedAt"/>
/// is the last second-factor check in this session (sign-in or step-up).
/// </summary>
public sealed record Session(
    string Id,
    string TenantId,
    string UserId,
    string? Device,
    string? IpAddress,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    DateTimeOffset? MfaVerifiedAt,
    DateTimeOffset? RevokedAt,
    string? RevokedReason)
{
    public bool IsRevoked => RevokedAt is not null;

    /// <summary>Why the session can no longer be used under <paramref name="policy"/> at <paramref name="now"/>; null while it can.</summary>
    public string? EndReason(SignInPolicy policy, DateTimeOffset now) =>
        RevokedAt is not null ? "revoked"
        : now - CreatedAt >= TimeSpan.FromHours(policy.AbsoluteTimeoutHours) ? "absolute-timeout"
        : now - LastSeenAt >= TimeSpan.FromMinutes(policy.IdleTimeoutMinutes) ? "idle-timeout"
        : null;
}

/// <summary>What a successful sign-in or refresh hands the client.</summary>
public sealed record IssuedTokens(string AccessToken, DateTimeOffset AccessTokenExpiresAt, string RefreshToken, string SessionId, string UserId);
