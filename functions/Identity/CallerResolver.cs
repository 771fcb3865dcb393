using DataGovernance.Accounts;
using System.Security.Claims;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using DataGovernance.Team;
using DataGovernance.Tenancy;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace DataGovernance.Functions.Identity;

/// <summary>Authenticates a request and turns its principal into the hub's <see cref="Caller"/>.</summary>
public sealed class CallerResolver(
    TenantLookup tenants,
    RoleAssignmentService roleAssignments,
    TeamMemberService members,
    SsoSettingsService ssoSettings,
    SessionService sessions,
    SignInPolicyService signInPolicies,
    IOptions<EntraOptions> entra)
{
    public async Task<Result<Caller>> ResolveAsync(HttpContext context)
    {
        // The authentication middleware has run this scheme already; handlers keep their result for the request,
        // so this reads it back, failure reason included, without validating the credential twice.
        var result = await context.AuthenticateAsync(HubAuthentication.Scheme);
        if (result.None)
        {
            return Unauthenticated("missing-credentials", "Send a bearer token (Authorization: Bearer …) or an API key (X-Api-Key).");
        }
        if (!result.Succeeded)
        {
            return result.Failure switch
            {
                SecurityTokenExpiredException => Unauthenticated("token-expired", "The bearer token has expired."),
                _ when result.Ticket is null && context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName) =>
                    Unauthenticated("invalid-api-key", "The API key is not valid."),
                _ => Unauthenticated("invalid-token", "The bearer token is not valid."),
            };
        }

        var principal = result.Principal!;
        var caller = result.Ticket!.AuthenticationScheme switch
        {
            HubAuthentication.ApiKeyScheme => FromApiKey(principal),
            HubAuthentication.DevScheme => FromDevToken(principal),
            HubAuthentication.AccountScheme => await FromAccountTokenAsync(principal, context.RequestAborted),
            _ => await FromEntraTokenAsync(principal, context.RequestAborted),
        };
        return await RefuseDeactivatedAsync(caller, context.RequestAborted);
    }

    /// <summary>A tenant's user whom the tenant deactivated in Team is refused, whatever their credential says.</summary>
    private async Task<Result<Caller>> RefuseDeactivatedAsync(Result<Caller> caller, CancellationToken cancellationToken) =>
        caller is { Succeeded: true, Value: { Kind: CallerKind.User, TenantId: { } tenantId } user }
            && await members.IsDeactivatedAsync(tenantId, user.Id, cancellationToken)
            ? new Failure(FailureKind.Forbidden, "user-deactivated", "Your account has been deactivated in this tenant; ask its administrators.")
            : caller;

    private static Result<Caller> FromApiKey(ClaimsPrincipal principal)
    {
        var permissions = principal.FindAll(HubClaims.Scope)
            .Select(claim => Permissions.TryParseScope(claim.Value, out var permission) ? permission : (Permission?)null)
            .OfType<Permission>()
            .Where(permission => permission.IsGrantableToApiKeys())
            .ToHashSet();
        return new Caller(CallerKind.ApiKey, principal.FindFirstValue(HubClaims.ApiKeyId)!, principal.FindFirstValue(HubClaims.Tenant), new HashSet<Role>(), permissions);
    }

    private static Result<Caller> FromDevToken(ClaimsPrincipal principal)
    {
        var userId = principal.FindFirstValue(HubClaims.Subject);
        var tenantId = principal.FindFirstValue(HubClaims.Tenant);
        if (string.IsNullOrEmpty(userId) || (tenantId is not null && !TenantIds.IsValid(tenantId)))
        {
            return Unauthenticated("invalid-token", "The bearer token is not valid.");
        }
        var roles = RolesOf(principal).Where(role => role.IsPlatform() == (tenantId is null));
        return Caller.ForUser(userId, tenantId, roles) with { MfaByIdentityProvider = UsedMfa(principal) };
    }

    /// <summary>
    /// A hub account: its session must still be open (revocation and the tenant's timeouts apply at once) and its
    /// roles come from Team on every request (through the role cache, so a change applies within its lifetime).
    /// </summary>
    private async Task<Result<Caller>> FromAccountTokenAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var userId = principal.FindFirstValue(HubClaims.Subject);
        var tenantId = principal.FindFirstValue(HubClaims.Tenant);
        var sessionId = principal.FindFirstValue(HubClaims.Session);
        if (userId is null || sessionId is null || !TenantIds.IsValid(tenantId))
        {
            return Unauthenticated("invalid-token", "The bearer token is not valid.");
        }
        var session = await sessions.ValidateAsync(tenantId!, userId, sessionId, cancellationToken);
        if (!session.Succeeded)
        {
            return session.Failure;
        }
        var roles = await roleAssignments.GetRolesAsync(tenantId!, userId, cancellationToken);
        var policy = await signInPolicies.GetAsync(tenantId, cancellationToken);
        return Caller.ForUser(userId, tenantId, roles) with
        {
            SessionId = sessionId,
            MfaVerifiedAt = session.Value.MfaVerifiedAt,
            MfaEnrollmentRequired = session.Value.MfaVerifiedAt is null && policy.RequiresMfa(roles),
        };
    }

    private async Task<Result<Caller>> FromEntraTokenAsync(ClaimsPrincipal principal, CancellationToken cancellationToken)
    {
        var directoryId = principal.FindFirstValue(HubClaims.DirectoryId);
        var userId = principal.FindFirstValue(HubClaims.ObjectId) ?? principal.FindFirstValue(HubClaims.Subject);
        if (directoryId is null || userId is null)
        {
            return Unauthenticated("invalid-token", "The bearer token has no tid or oid claim.");
        }
        if (string.Equals(directoryId, entra.Value.PlatformDirectoryId, StringComparison.OrdinalIgnoreCase))
        {
            return Caller.ForUser(userId, null, RolesOf(principal).Where(role => role.IsPlatform())) with { MfaByIdentityProvider = UsedMfa(principal) };
        }
        var tenantId = await tenants.FindByDirectoryAsync(directoryId.ToLowerInvariant(), cancellationToken);
        if (tenantId is null)
        {
            return new Failure(FailureKind.Forbidden, "directory-not-onboarded", "Your Entra directory is not connected to a hub tenant.");
        }
        var sso = await ssoSettings.FindAsync(tenantId, cancellationToken);
        if (sso is not null && !sso.AllowsUser(UserNameOf(principal)))
        {
            return new Failure(FailureKind.Forbidden, "domain-not-allowed", "Your account's domain may not sign in to this tenant.");
        }
        var roles = RolesOf(principal).Where(role => !role.IsPlatform()).ToList();
        if (roles.Count == 0)
        {
            roles = [.. await roleAssignments.GetRolesAsync(tenantId, userId, cancellationToken)];
        }
        if (roles.Count == 0 && sso is not null)
        {
            roles = [.. await SsoRolesAsync(sso, principal, tenantId, userId, cancellationToken)];
        }
        return Caller.ForUser(userId, tenantId, roles) with { MfaByIdentityProvider = UsedMfa(principal) };
    }

    private static bool UsedMfa(ClaimsPrincipal principal) =>
        principal.FindAll(HubClaims.AuthenticationMethods).Any(claim => claim.Value == "mfa");

    /// <summary>
    /// Roles from the token's groups, else the default role of just-in-time provisioning, which also records the
    /// user. Group roles are not recorded: they follow the directory's membership on every sign-in, and a recorded
    /// copy would outlive a removal from the group.
    /// </summary>
    private async Task<IReadOnlyList<Role>> SsoRolesAsync(
        SsoSettings sso, ClaimsPrincipal principal, string tenantId, string userId, CancellationToken cancellationToken)
    {
        var fromGroups = sso.RolesForGroups(principal.FindAll(HubClaims.Groups).Select(claim => claim.Value));
        if (fromGroups.Count > 0)
        {
            return fromGroups;
        }
        if (sso is { JustInTimeProvisioning: true, DefaultRole: { } defaultRole })
        {
            return await roleAssignments.ProvisionAsync(tenantId, userId, [defaultRole], cancellationToken);
        }
        return [];
    }

    private static string? UserNameOf(ClaimsPrincipal principal) =>
        principal.FindFirstValue(HubClaims.PreferredUserName)
        ?? principal.FindFirstValue(HubClaims.UserPrincipalName)
        ?? principal.FindFirstValue(HubClaims.Email);

    private static IEnumerable<Role> RolesOf(ClaimsPrincipal principal) =>
        principal.FindAll(HubClaims.Roles)
            .Select(claim => Roles.TryParse(claim.Value, out var role) ? role : (Role?)null)
            .OfType<Role>();

    private static Failure Unauthenticated(string code, string detail) => new(FailureKind.Unauthenticated, code, detail);
}
