using DataGovernance.Functions.Hosting;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Security;

/// <summary>Security › IP allowlist; rate limits, single sign-on, the sign-in policy, people's own MFA and security events map their own routes from here.</summary>
public static class SecurityEndpoints
{
    public static IEndpointRouteBuilder MapSecurity(this IEndpointRouteBuilder app)
    {
        var security = app.MapGroup("/api/tenants/{tenantId}/security").WithTags("Security");
        security.MapGet("/ip-allowlist", GetIpAllowlistAsync).WithName("GetIpAllowlist").RequirePermission(Permission.SecurityRead)
            .WithSummary("Read the networks the tenant's users and API keys may connect from");
        security.MapPut("/ip-allowlist", ReplaceIpAllowlistAsync).WithName("ReplaceIpAllowlist").RequirePermission(Permission.SecurityManage).RequireStepUp()
            .WithSummary("Replace the IP allowlist (If-Match required; refused if it would shut out the caller)");
        app.MapRateLimits();
        app.MapSso();
        app.MapSignInPolicy();
        app.MapMfa();
        app.MapSecurityEvents();
        return app;
    }

    private static async Task<Ok<IpAllowlist>> GetIpAllowlistAsync(
        string tenantId, IpAllowlistService allowlists, HttpContext http, CancellationToken cancellationToken)
    {
        var list = await allowlists.GetAsync(tenantId, cancellationToken);
        http.Response.Headers.ETag = list.ETag;
        return TypedResults.Ok(list);
    }

    private static async Task<Results<Ok<IpAllowlist>, ProblemHttpResult>> ReplaceIpAllowlistAsync(
        string tenantId, IpAllowlistRequest body, RequestContext request, IpAllowlistService allowlists, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var replaced = await allowlists.ReplaceAsync(
            tenantId, body, expected.Value, request.Caller, request.Write, cancellationToken);
        return Problems.OkWithETag(http, replaced);
    }
}
