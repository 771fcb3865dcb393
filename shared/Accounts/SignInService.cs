using DataGovernance.Mfa;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Team;
using DataGovernance.Tenancy;

namespace DataGovernance.Accounts;

public sealed record SignInRequest(string? TenantId, string? Email, string? Password);

public sealed record SignInMfaRequest(string? MfaChallenge, string? Code);

/// <summary>The result of the password step: tokens, or a challenge to answer with a second factor.</summary>
public sealed record SignInOutcome(IssuedTokens? Tokens, string? MfaChallenge, DateTimeOffset? MfaChallengeExpiresAt);

/// <summary>
/// Sign-in of hub accounts: the password, then — for an account with an active authenticator — a second factor,
/// and later second-factor checks for step-up. Every way the password step can fail without a lockout gives the
/// same answer (<c>invalid-credentials</c>), whether the tenant, the address or the password was wrong, and costs
/// the same password-hash check; failures and lockouts count per typed address, so they do not tell either.
/// Wrong second factors count against the same address.
/// </summary>
public sealed class SignInService(
    AccountStore accounts,
    AccountPasswords passwords,
    AccountTokens tokens,
    SignInProtection protection,
    SessionService sessions,
    MfaService mfa,
    TenantLookup tenants,
    RoleAssignmentService roles,
    TeamMemberService members,
    SecurityEventService securityEvents,
    TimeProvider clock)
{
    private static readonly Actor SignInActor = Actor.System("sign-in");

    public async Task<Result<SignInOutcome>> SignInAsync(SignInRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (!TenantIds.IsValid(request.TenantId))
        {
            errors.Add("tenantId", "A tenant id is required.");
        }
        if (string.IsNullOrWhiteSpace(request.Email) || request.Email.Length > 254)
        {
            errors.Add("email", "An e-mail address is required.");
        }
        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > 1024)
        {
            errors.Add("password", "A password is required.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var tenantId = request.TenantId!;
        var accountKey = SignInProtection.AccountKey(AccountEmails.Key(request.Email!));
        if (await protection.LockedForAsync(tenantId, accountKey, client.IpAddress, cancellationToken) is { } wait)
        {
            return TooManyAttempts(wait);
        }
        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        var account = tenant is { Status: TenantStatus.Active } ? await accounts.FindByEmailAsync(tenantId, request.Email!, cancellationToken) : null;
        var (matches, needsRehash) = passwords.Verify(account, request.Password!);
        if (!matches)
        {
            await FailAsync(tenantId, tenant is not null, accountKey, account?.Id ?? accountKey, "password", client, cancellationToken);
            return InvalidCredentials;
        }
        if (needsRehash)
        {
            await accounts.ReplacePasswordHashAsync(account! with { PasswordHash = passwords.Hash(request.Password!) }, cancellationToken);
        }
        await protection.ResetAsync(tenantId, accountKey, cancellationToken);
        if (await members.IsDeactivatedAsync(tenantId, account!.Id, cancellationToken))
        {
            return UserDeactivated;
        }
        if (await mfa.HasActiveFactorAsync(tenantId, account.Id, cancellationToken))
        {
            var now = clock.GetUtcNow();
            return new SignInOutcome(null, tokens.CreateChallenge(tenantId, account.Id, now), now + tokens.ChallengeLifetime);
        }
        return new SignInOutcome(await StartSessionAsync(account, client, mfaVerified: false, cancellationToken), null, null);
    }

    /// <summary>The second step of a sign-in: the challenge from the password step and a current code.</summary>
    public async Task<Result<SignInOutcome>> CompleteMfaAsync(SignInMfaRequest request, ClientInfo client, CancellationToken cancellationToken)
    {
        if (await tokens.ReadChallengeAsync(request.MfaChallenge, clock.GetUtcNow()) is not var (tenantId, userId)
            || await accounts.GetAsync(tenantId, userId, cancellationToken) is not { } account)
        {
            return new Failure(FailureKind.Unauthenticated, "invalid-mfa-challenge", "The sign-in challenge is not valid or has expired; sign in again.");
        }
        var verified = await VerifyCodeAsync(account, request.Code, client, cancellationToken);
        if (!verified.Succeeded)
        {
            return verified.Failure;
        }
        if (await members.IsDeactivatedAsync(tenantId, userId, cancellationToken))
        {
            return UserDeactivated;
        }
        return new SignInOutcome(await StartSessionAsync(account, client, mfaVerified: true, cancellationToken), null, null);
    }

    /// <summary>Step-up: a current code proves a second factor again in this hub session.</summary>
    public async Task<Result<DateTimeOffset>> VerifySecondFactorAsync(Caller caller, string? code, ClientInfo client, CancellationToken cancellationToken)
    {
        if (caller is not { SessionId: { } sessionId, TenantId: { } tenantId }
            || await accounts.GetAsync(tenantId, caller.Id, cancellationToken) is not { } account)
        {
            return NotAHubSession;
        }
        var verified = await VerifyCodeAsync(account, code, client, cancellationToken);
        return verified.Succeeded ? await sessions.MarkMfaVerifiedAsync(tenantId, account.Id, sessionId, cancellationToken) : verified.Failure;
    }

    private async Task<Result<MfaVerification>> VerifyCodeAsync(HubAccount account, string? code, ClientInfo client, CancellationToken cancellationToken)
    {
        var accountKey = SignInProtection.AccountKey(AccountEmails.Key(account.Email));
        if (await protection.LockedForAsync(account.TenantId, accountKey, client.IpAddress, cancellationToken) is { } wait)
        {
            return TooManyAttempts(wait);
        }
        var verified = await mfa.VerifyAsync(account.TenantId, account.Id, code ?? "", cancellationToken);
        if (!verified.Succeeded)
        {
            await FailAsync(account.TenantId, true, accountKey, account.Id, "second-factor", client, cancellationToken);
        }
        return verified;
    }

    private async Task<IssuedTokens> StartSessionAsync(HubAccount account, ClientInfo client, bool mfaVerified, CancellationToken cancellationToken)
    {
        // Normally a no-op: accepting the invitation made the account a member, unless that write failed.
        var granted = await roles.ProvisionAsync(account.TenantId, InvitationService.MemberOf(account, SignInActor.Id), cancellationToken);
        var issued = await sessions.StartAsync(account.TenantId, account.Id, client, mfaVerified, cancellationToken);
        await securityEvents.RecordAsync(account.TenantId, SecurityEventType.SignInSucceeded,
            new WriteContext(new Actor($"user:{account.Id}"), client.CorrelationId, client.IpAddress), account.Id,
            new Dictionary<string, string> { [SecurityEventDetails.Roles] = SecurityEventDetails.JoinRoles(granted), ["mfa"] = mfaVerified ? "yes" : "no" },
            cancellationToken);
        return issued;
    }

    /// <param name="tenantExists">False for a tenant id that names no tenant: the failure counts, but there is no tenant to record it for.</param>
    /// <param name="subject">The account's user id, or for an unknown address its pseudonymous key.</param>
    private async Task FailAsync(
        string tenantId, bool tenantExists, string accountKey, string subject, string step, ClientInfo client, CancellationToken cancellationToken)
    {
        var locked = await protection.RecordFailureAsync(tenantId, accountKey, client.IpAddress, cancellationToken);
        if (!tenantExists)
        {
            return;
        }
        var context = new WriteContext(SignInActor, client.CorrelationId, client.IpAddress);
        var details = new Dictionary<string, string> { ["step"] = step };
        await securityEvents.RecordAsync(tenantId, SecurityEventType.SignInFailed, context, subject, details, cancellationToken);
        if (locked)
        {
            await securityEvents.RecordAsync(tenantId, SecurityEventType.AccountLockedOut, context, subject, details, cancellationToken);
        }
    }

    public static Failure InvalidCredentials { get; } =
        new(FailureKind.Unauthenticated, "invalid-credentials", "The tenant, e-mail address or password is not correct.");

    public static Failure NotAHubSession { get; } = Failure.BadRequest("not-a-hub-session",
        "This request was not made with a hub account session; prove a second factor at your identity provider instead.");

    private static Failure UserDeactivated { get; } =
        new(FailureKind.Forbidden, "user-deactivated", "Your account has been deactivated in this tenant; ask its administrators.");

    public static Failure TooManyAttempts(TimeSpan wait) =>
        new(FailureKind.TooManyRequests, "too-many-attempts", "Too many failed attempts; wait before trying again.") { RetryAfter = wait };
}
