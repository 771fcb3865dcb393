using DataGovernance.Outcomes;
using DataGovernance.Team;
using DataGovernance.Tenancy;

namespace DataGovernance.Accounts;

public sealed record SignInRequest(string? TenantId, string? Email, string? Password);

/// <summary>The result of the password step: tokens, or a challenge to answer with a second factor.</summary>
public sealed record SignInOutcome(IssuedTokens? Tokens, string? MfaChallenge, DateTimeOffset? MfaChallengeExpiresAt);

/// <summary>
/// Password sign-in of hub accounts. Every way it can fail without a lockout gives the same answer
/// (<c>invalid-credentials</c>), whether the tenant, the address or the password was wrong, and costs the same
/// password-hash check; lockouts are counted per typed address, so they do not tell either.
/// </summary>
public sealed class SignInService(
    AccountStore accounts,
    AccountPasswords passwords,
    SignInProtection protection,
    SessionService sessions,
    TenantLookup tenants,
    RoleAssignmentService roles)
{
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
            await protection.RecordFailureAsync(tenantId, accountKey, client.IpAddress, cancellationToken);
            return InvalidCredentials;
        }
        if (needsRehash)
        {
            await accounts.ReplacePasswordHashAsync(account! with { PasswordHash = passwords.Hash(request.Password!) }, cancellationToken);
        }
        await protection.ResetAsync(tenantId, accountKey, cancellationToken);
        await roles.ProvisionAsync(tenantId, account!.Id, account.InvitedRoles, cancellationToken);
        var tokens = await sessions.StartAsync(tenantId, account.Id, client, mfaVerified: false, cancellationToken);
        return new SignInOutcome(tokens, null, null);
    }

    public static Failure InvalidCredentials { get; } =
        new(FailureKind.Unauthenticated, "invalid-credentials", "The tenant, e-mail address or password is not correct.");

    public static Failure TooManyAttempts(TimeSpan wait) =>
        new(FailureKind.TooManyRequests, "too-many-attempts", "Too many failed attempts; wait before trying again.") { RetryAfter = wait };
}
