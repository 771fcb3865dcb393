using DataGovernance.Accounts;
using DataGovernance.Functions.Hosting;
using DataGovernance.Mfa;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Identity;

/// <summary>The answer of a sign-in step: tokens, or (after the password of an account with MFA) a challenge.</summary>
public sealed record SignInResponse(
    string? AccessToken, string? TokenType, int? ExpiresIn, string? RefreshToken, string? SessionId, string? UserId,
    bool MfaRequired, string? MfaChallenge, DateTimeOffset? MfaChallengeExpiresAt)
{
    public static SignInResponse From(IssuedTokens tokens, DateTimeOffset now) => new(tokens.AccessToken, "Bearer",
        (int)(tokens.AccessTokenExpiresAt - now).TotalSeconds, tokens.RefreshToken, tokens.SessionId, tokens.UserId, false, null, null);
}

public sealed record RefreshRequest(string? RefreshToken);

/// <summary>A session as its user sees it; <see cref="Current"/> marks the one making the request.</summary>
public sealed record SessionView(
    string Id, string? Device, string? IpAddress, DateTimeOffset CreatedAt, DateTimeOffset LastSeenAt, DateTimeOffset? MfaVerifiedAt,
    DateTimeOffset? RevokedAt, string? RevokedReason, bool Current)
{
    public static SessionView From(Session session, string? currentSessionId) => new(session.Id, session.Device, session.IpAddress,
        session.CreatedAt, session.LastSeenAt, session.MfaVerifiedAt, session.RevokedAt, session.RevokedReason, session.Id == currentSessionId);
}

public sealed record RevokedSessions(int Revoked);

public sealed record SecondFactorVerified(DateTimeOffset MfaVerifiedAt);

/// <summary>Sign-in of hub accounts (password, second factor, refresh, sign-out), step-up, accepting invitations, and a user's own sessions.</summary>
public static class AuthEndpoints
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder app)
    {
        var auth = app.MapGroup("/api/auth").WithTags("Auth");
        auth.MapPost("/sign-in", SignInAsync).WithName("SignIn").AllowAnonymous()
            .WithSummary("Sign in to a hub account with e-mail and password");
        auth.MapPost("/sign-in/mfa", CompleteMfaAsync).WithName("SignInSecondFactor").AllowAnonymous()
            .WithSummary("Second step of a sign-in: the challenge from the password step and an authenticator or backup code");
        auth.MapPost("/mfa/verify", VerifySecondFactorAsync).WithName("VerifySecondFactor").RequirePermission(Permission.OwnAccount)
            .WithSummary("Step up: prove a second factor again in this hub session, for sensitive actions");
        auth.MapPost("/refresh", RefreshAsync).WithName("RefreshSession").AllowAnonymous()
            .WithSummary("Exchange a refresh token for new tokens (each refresh token works once)");
        auth.MapPost("/invitations/accept", AcceptInvitationAsync).WithName("AcceptInvitation").AllowAnonymous()
            .WithSummary("Accept an invitation: choose a password and create the hub account");
        auth.MapPost("/sign-out", SignOutAsync).WithName("SignOut").RequirePermission(Permission.OwnAccount)
            .WithSummary("End the current hub session");
        auth.MapGet("/sessions", ListSessionsAsync).WithName("ListOwnSessions").RequirePermission(Permission.OwnAccount)
            .WithSummary("List your sessions (device, IP, created, last seen)");
        auth.MapDelete("/sessions/{sessionId}", RevokeSessionAsync).WithName("RevokeOwnSession").RequirePermission(Permission.OwnAccount)
            .WithSummary("End one of your sessions");
        auth.MapDelete("/sessions", RevokeAllSessionsAsync).WithName("RevokeOwnSessions").RequirePermission(Permission.OwnAccount)
            .WithSummary("End all your sessions (keepCurrent=true keeps the one making the request)");
        return app;
    }

    public static ClientInfo ClientOf(HttpContext http) =>
        new(RequestContext.ClientAddress(http), http.Request.Headers.UserAgent.ToString() is { Length: > 0 } agent ? agent : null, http.TraceIdentifier);

    private static async Task<Results<Ok<SignInResponse>, ProblemHttpResult>> SignInAsync(
        SignInRequest body, SignInService signIn, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var outcome = await signIn.SignInAsync(body, ClientOf(http), cancellationToken);
        if (!outcome.Succeeded)
        {
            return Problems.From(http, outcome.Failure);
        }
        return TypedResults.Ok(outcome.Value.Tokens is { } tokens
            ? SignInResponse.From(tokens, clock.GetUtcNow())
            : new SignInResponse(null, null, null, null, null, null, true, outcome.Value.MfaChallenge, outcome.Value.MfaChallengeExpiresAt));
    }

    private static async Task<Results<Ok<SignInResponse>, ProblemHttpResult>> CompleteMfaAsync(
        SignInMfaRequest body, SignInService signIn, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var outcome = await signIn.CompleteMfaAsync(body, ClientOf(http), cancellationToken);
        return outcome.Succeeded ? TypedResults.Ok(SignInResponse.From(outcome.Value.Tokens!, clock.GetUtcNow())) : Problems.From(http, outcome.Failure);
    }

    private static async Task<Results<Ok<SecondFactorVerified>, ProblemHttpResult>> VerifySecondFactorAsync(
        MfaCodeRequest body, RequestContext request, SignInService signIn, HttpContext http, CancellationToken cancellationToken)
    {
        var verified = await signIn.VerifySecondFactorAsync(request.Caller, body.Code, ClientOf(http), cancellationToken);
        return verified.Succeeded ? TypedResults.Ok(new SecondFactorVerified(verified.Value)) : Problems.From(http, verified.Failure);
    }

    private static async Task<Results<Ok<SignInResponse>, ProblemHttpResult>> RefreshAsync(
        RefreshRequest body, SessionService sessions, TimeProvider clock, HttpContext http, CancellationToken cancellationToken)
    {
        var refreshed = await sessions.RefreshAsync(body.RefreshToken, ClientOf(http), cancellationToken);
        return refreshed.Succeeded ? TypedResults.Ok(SignInResponse.From(refreshed.Value, clock.GetUtcNow())) : Problems.From(http, refreshed.Failure);
    }

    private static async Task<Results<Created<AcceptedInvitation>, ProblemHttpResult>> AcceptInvitationAsync(
        AcceptInvitationRequest body, InvitationService invitations, HttpContext http, CancellationToken cancellationToken)
    {
        var accepted = await invitations.AcceptAsync(body, cancellationToken);
        return Problems.CreatedOr(http, accepted, value => $"/api/tenants/{value.TenantId}/team/role-assignments/{value.UserId}");
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> SignOutAsync(
        RequestContext request, SessionService sessions, HttpContext http, CancellationToken cancellationToken)
    {
        if (request.Caller is not { SessionId: { } sessionId, TenantId: { } tenantId })
        {
            return Problems.From(http, SignInService.NotAHubSession);
        }
        await sessions.RevokeAsync(tenantId, request.Caller.Id, sessionId, "signed-out", cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<IReadOnlyList<SessionView>>> ListSessionsAsync(
        RequestContext request, SessionService sessions, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        var own = caller.TenantId is null ? [] : await sessions.ListAsync(caller.TenantId, caller.Id, cancellationToken);
        return TypedResults.Ok<IReadOnlyList<SessionView>>([.. own.OrderByDescending(s => s.LastSeenAt).Select(s => SessionView.From(s, caller.SessionId))]);
    }

    private static async Task<Results<Ok<SessionView>, ProblemHttpResult>> RevokeSessionAsync(
        string sessionId, RequestContext request, SessionService sessions, HttpContext http, CancellationToken cancellationToken)
    {
        var caller = request.Caller;
        if (caller.TenantId is null)
        {
            return Problems.From(http, Failure.NotFound($"Session '{sessionId}' does not exist."));
        }
        var revoked = await sessions.RevokeAsync(caller.TenantId, caller.Id, sessionId, "revoked-by-user", cancellationToken);
        return revoked.Succeeded ? TypedResults.Ok(SessionView.From(revoked.Value, caller.SessionId)) : Problems.From(http, revoked.Failure);
    }

    private static async Task<Ok<RevokedSessions>> RevokeAllSessionsAsync(
        RequestContext request, SessionService sessions, CancellationToken cancellationToken, bool keepCurrent = false)
    {
        var caller = request.Caller;
        var revoked = caller.TenantId is null
            ? 0
            : await sessions.RevokeAllAsync(caller.TenantId, caller.Id, keepCurrent ? caller.SessionId : null, "revoked-by-user", cancellationToken);
        return TypedResults.Ok(new RevokedSessions(revoked));
    }
}
