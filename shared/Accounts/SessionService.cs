using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;

namespace DataGovernance.Accounts;

/// <summary>Where a request comes from, as sessions and security events record it.</summary>
public sealed record ClientInfo(string? IpAddress, string? Device, string CorrelationId);

/// <summary>
/// Sessions of hub accounts: creation at sign-in, refresh-token rotation with reuse detection (presenting a
/// replaced refresh token revokes the whole session), per-request validation against the tenant's idle and
/// absolute timeouts, listing and revocation.
/// </summary>
public sealed class SessionService(
    SessionStore store, SignInPolicyService policies, AccountTokens tokens, SecurityEventService securityEvents, TimeProvider clock)
{
    /// <summary>Last-seen times are written at most this often, not on every request.</summary>
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    public const int MaxDeviceLength = 200;

    public async Task<IssuedTokens> StartAsync(string tenantId, string userId, ClientInfo client, bool mfaVerified, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var device = client.Device is { Length: > MaxDeviceLength } longDevice ? longDevice[..MaxDeviceLength] : client.Device;
        var session = new Session(Guid.NewGuid().ToString("N"), tenantId, userId, device, client.IpAddress, now, now,
            mfaVerified ? now : null, null, null);
        var (refreshToken, hash) = AccountTokens.CreateRefreshToken(session);
        await store.AddAsync(session, hash, cancellationToken);
        return Issue(session, refreshToken, now);
    }

    public async Task<Result<IssuedTokens>> RefreshAsync(string? refreshToken, ClientInfo client, CancellationToken cancellationToken)
    {
        if (AccountTokens.ReadRefreshToken(refreshToken) is not { } presented)
        {
            return InvalidRefreshToken;
        }
        var stored = await store.GetAsync(presented.TenantId, presented.UserId, presented.SessionId, cancellationToken);
        if (stored is null)
        {
            return InvalidRefreshToken;
        }
        var session = stored.Session;
        if (stored.PreviousRefreshHashes.Contains(presented.SecretHash))
        {
            if (!session.IsRevoked)
            {
                await EndReusedAsync(session, client, cancellationToken);
            }
            return new Failure(FailureKind.Unauthenticated, "refresh-token-reused",
                "This refresh token was already used; the session has been ended. Sign in again.");
        }
        if (stored.RefreshHash != presented.SecretHash)
        {
            return InvalidRefreshToken;
        }
        var now = clock.GetUtcNowForStorage();
        if (session.EndReason(await policies.GetAsync(session.TenantId, cancellationToken), now) is { } ended)
        {
            return SessionEnded(ended);
        }
        var rotated = session with { LastSeenAt = now };
        var (newToken, newHash) = AccountTokens.CreateRefreshToken(rotated);
        if (!await store.ReplaceAsync(rotated, newHash, [.. stored.PreviousRefreshHashes, stored.RefreshHash], stored.ETag, cancellationToken))
        {
            // Another request rotated the same token first: one of the two presentations was a replay.
            await EndReusedAsync(session, client, cancellationToken);
            return new Failure(FailureKind.Unauthenticated, "refresh-token-reused",
                "This refresh token was used twice at once; the session has been ended. Sign in again.");
        }
        return Issue(rotated, newToken, now);
    }

    public const string RefreshTokenReusedReason = "refresh-token-reused";

    /// <summary>The session an access token names, if it may still be used; refreshes its last-seen time now and then.</summary>
    public async Task<Result<Session>> ValidateAsync(string tenantId, string userId, string sessionId, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(tenantId, userId, sessionId, cancellationToken);
        if (stored is null)
        {
            return SessionEnded("revoked");
        }
        var now = clock.GetUtcNowForStorage();
        var session = stored.Session;
        if (session.EndReason(await policies.GetAsync(tenantId, cancellationToken), now) is { } ended)
        {
            return SessionEnded(ended);
        }
        if (now - session.LastSeenAt >= LastSeenResolution)
        {
            session = session with { LastSeenAt = now };
            await store.MergeAsync(tenantId, userId, sessionId, cancellationToken, ("LastSeenAt", now));
        }
        return session;
    }

    /// <summary>Records that the session just proved a second factor (sign-in step, step-up or a newly activated device).</summary>
    public async Task<DateTimeOffset> MarkMfaVerifiedAsync(string tenantId, string userId, string sessionId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        await store.MergeAsync(tenantId, userId, sessionId, cancellationToken, ("MfaVerifiedAt", now));
        return now;
    }

    public Task<IReadOnlyList<Session>> ListAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        store.ListAsync(tenantId, userId, cancellationToken);

    public async Task<Result<Session>> RevokeAsync(
        string tenantId, string userId, string sessionId, string reason, CancellationToken cancellationToken)
    {
        var stored = await store.GetAsync(tenantId, userId, sessionId, cancellationToken);
        if (stored is null)
        {
            return Failure.NotFound($"Session '{sessionId}' does not exist.");
        }
        return stored.Session.IsRevoked ? stored.Session : await RevokeAsync(stored.Session, reason, cancellationToken);
    }

    /// <summary>
    /// Revokes every active session of the user except <paramref name="keepSessionId"/>; returns how many. With a
    /// <paramref name="revokedBy"/> (someone else ending them) each revocation is a security event.
    /// </summary>
    public async Task<int> RevokeAllAsync(
        string tenantId, string userId, string? keepSessionId, string reason, CancellationToken cancellationToken, WriteContext? revokedBy = null)
    {
        var revoked = 0;
        foreach (var session in await store.ListAsync(tenantId, userId, cancellationToken))
        {
            if (!session.IsRevoked && session.Id != keepSessionId)
            {
                await RevokeAsync(session, reason, cancellationToken);
                if (revokedBy is not null)
                {
                    await RecordAsync(SecurityEventType.SessionRevoked, session, revokedBy, cancellationToken);
                }
                revoked++;
            }
        }
        return revoked;
    }

    private async Task<Session> RevokeAsync(Session session, string reason, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        await store.MergeAsync(session.TenantId, session.UserId, session.Id, cancellationToken, ("RevokedAt", now), ("RevokedReason", reason));
        return session with { RevokedAt = now, RevokedReason = reason };
    }

    private async Task EndReusedAsync(Session session, ClientInfo client, CancellationToken cancellationToken)
    {
        await RevokeAsync(session, RefreshTokenReusedReason, cancellationToken);
        await RecordAsync(SecurityEventType.RefreshTokenReused, session,
            new WriteContext(Actor.System("sign-in"), client.CorrelationId, client.IpAddress), cancellationToken);
    }

    private Task<SecurityEvent> RecordAsync(SecurityEventType type, Session session, WriteContext context, CancellationToken cancellationToken) =>
        securityEvents.RecordAsync(session.TenantId, type, context, session.UserId, new Dictionary<string, string> { ["sessionId"] = session.Id },
            cancellationToken);

    private IssuedTokens Issue(Session session, string refreshToken, DateTimeOffset now)
    {
        var (accessToken, expiresAt) = tokens.CreateAccessToken(session, now);
        return new IssuedTokens(accessToken, expiresAt, refreshToken, session.Id, session.UserId);
    }

    private static Failure InvalidRefreshToken => new(FailureKind.Unauthenticated, "invalid-refresh-token", "The refresh token is not valid.");

    private static Failure SessionEnded(string reason) => new(FailureKind.Unauthenticated, "session-ended",
        reason switch
        {
            "idle-timeout" => "The session ended after a period of inactivity; sign in again.",
            "absolute-timeout" => "The session reached its maximum length; sign in again.",
            _ => "The session has been ended; sign in again.",
        });
}
