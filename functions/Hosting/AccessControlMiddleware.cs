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
/// indistinguishable from none), an active tenant (403), a client address on the tenant's IP allowlist (403) and
/// the endpoint's permission from the matrix (403). Endpoints that declare no permission are denied.
/// </summary>
public sealed class AccessControlMiddleware(RequestDelegate next, CallerResolver callers, TenantLookup tenants, IpAllowlistService allowlists)
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
        if (required is null || !caller.Has(required.Permission))
        {
            await Problems.WriteAsync(context, StatusCodes.Status403Forbidden, "forbidden",
                required is null ? "This operation is not available." : $"This operation needs the '{required.Permission.ToScope()}' permission.");
            return;
        }
        context.Features.Set(caller);
        await next(context);
    }
}
