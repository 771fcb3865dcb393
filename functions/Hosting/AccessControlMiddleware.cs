using DataGovernance.Accounts;
using DataGovernance.Functions.Identity;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using DataGovernance.Tenancy;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Features;

namespace DataGovernance.Functions.Hosting;

/// <summary>
/// The one permission check. For every endpoint that is not anonymous, in this order: credentials (401), a
/// well-formed tenant id (400), the caller's tenant matching the route's (404, so another tenant's data is
/// indistinguishable from none), an active tenant (403), a client address on the tenant's IP allowlist (403), MFA
/// enrollment when the tenant's policy demands it (403), the endpoint's permission from the matrix (403) and, for
/// sensitive actions, a recent second factor (401 step-up). Endpoints that declare no permission are denied.
/// </summary>
public sealed class AccessControlMiddleware(
    RequestDelegate next, CallerResolver callers, TenantLookup tenants, IpAllowlistService allowlists, SignInPolicyService signInPolicies,
    TimeProvider clock)
{
    public const string TenantRouteValue = "tenantId";

    public async Task InvokeAsync(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        // Routing's own 405/415 rejection endpoints are not route endpoints; they answer by themselves.
        if (endpoint is not RouteEndpoint || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            await next(context);
            return;
        }
        var audit = context.Features.GetRequiredFeature<AuditScope>();
        audit.Action = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.DisplayName ?? "unnamed";

        var routeTenantId = context.Request.RouteValues[TenantRouteValue] as string;
        var routeTenant = TenantIds.IsValid(routeTenantId) ? await tenants.GetAsync(routeTenantId!, context.RequestAborted) : null;
        if (routeTenant is not null)
        {
            audit.ChainId = routeTenant.Id;
        }

        var resolved = await callers.ResolveAsync(context);
        if (!resolved.Succeeded)
        {
            if (resolved.Failure.Kind == FailureKind.Unauthenticated)
            {
                context.Response.Headers.WWWAuthenticate = "Bearer, ApiKey";
            }
            await Problems.From(context, resolved.Failure).ExecuteAsync(context);
            return;
        }
        var caller = resolved.Value;
        audit.Actor = caller.Actor.Id;

        if (routeTenantId is not null)
        {
            if (!TenantIds.IsValid(routeTenantId))
            {
                await Problems.WriteAsync(context, StatusCodes.Status400BadRequest, "invalid-tenant-id",
                    "A tenant id is 3–63 lower-case letters, digits or inner hyphens.");
                return;
            }
            if (routeTenant is null || (caller.TenantId != routeTenant.Id && !caller.IsPlatform))
            {
                audit.Denied = routeTenant is not null;
                await Problems.WriteAsync(context, StatusCodes.Status404NotFound, "not-found", $"Tenant '{routeTenantId}' does not exist.");
                return;
            }
            if (routeTenant.Status == TenantStatus.Deactivated && !caller.IsPlatform)
            {
                await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "tenant-deactivated", "This tenant has been deactivated.");
                return;
            }
            audit.AlwaysRecord = caller.IsPlatform;
        }

        // A tenant's users and API keys are bound to its allowlist on every route; platform operators never are.
        if (caller.TenantId is { } callerTenantId && !caller.IsPlatform
            && !await allowlists.AllowsAsync(callerTenantId, context.Connection.RemoteIpAddress, context.RequestAborted))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "ip-not-allowed",
                "Your network address is not on this tenant's IP allowlist.");
            return;
        }

        var required = endpoint.Metadata.GetMetadata<RequiredPermission>();
        if (caller.MfaEnrollmentRequired && required?.Permission != Permission.OwnAccount)
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "mfa-enrollment-required",
                "This tenant requires multi-factor authentication: enroll an authenticator (POST /api/auth/mfa/devices) and verify a code first.");
            return;
        }
        if (required is null || !caller.Has(required.Permission))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden",
                required is null ? "This operation is not available." : $"This operation needs the '{required.Permission.ToScope()}' permission.");
            return;
        }
        if (endpoint.Metadata.GetMetadata<StepUpRequired>() is not null && !await HasSteppedUpAsync(context, caller))
        {
            return;
        }
        if (routeTenant is null && caller.TenantId is { } ownTenantId)
        {
            // A tenant's people acting on their own account (/api/auth/…) are audited in their tenant's chain.
            audit.ChainId = ownTenantId;
        }
        context.Features.Set(caller);
        await next(context);
    }

    /// <summary>
    /// Sensitive actions need a person who proved a second factor within the tenant's step-up window: in this hub
    /// session (POST /api/auth/mfa/verify) or at the identity provider (<c>amr</c> contains <c>mfa</c>). The 401
    /// follows RFC 9470 so that clients know to step up rather than sign in again.
    /// </summary>
    private async Task<bool> HasSteppedUpAsync(HttpContext context, Caller caller)
    {
        if (caller.Kind != CallerKind.User)
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "step-up-unavailable",
                "This action needs a person who has just verified a second factor; API keys cannot perform it.");
            return false;
        }
        var window = TimeSpan.FromMinutes((await signInPolicies.GetAsync(caller.TenantId, context.RequestAborted)).StepUpMinutes);
        if (caller.HasRecentMfa(clock.GetUtcNow(), window))
        {
            return true;
        }
        var maxAge = (int)window.TotalSeconds;
        context.Response.Headers.WWWAuthenticate =
            $"Bearer error=\"insufficient_user_authentication\", error_description=\"A recent second factor is required\", max_age={maxAge}";
        var problem = Problems.Create(context, StatusCodes.Status401Unauthorized, "step-up-required",
            caller.SessionId is null
                ? "This action needs a recent second factor: sign in again with multi-factor authentication."
                : "This action needs a recent second factor: verify a code with POST /api/auth/mfa/verify, then retry.");
        problem.Extensions["maxAgeSeconds"] = maxAge;
        await TypedResults.Problem(problem).ExecuteAsync(context);
        return false;
    }
}
