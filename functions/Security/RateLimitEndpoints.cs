using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Security;

/// <summary>Settings › Security › Rate limits: the tenant's own token buckets, within the platform maximum.</summary>
public static class RateLimitEndpoints
{
    public static IEndpointRouteBuilder MapRateLimits(this IEndpointRouteBuilder app)
    {
        var limits = app.MapGroup("/api/tenants/{tenantId}/security/rate-limits").WithTags("Security");
        limits.MapGet("/", GetAsync).WithName("GetRateLimits").RequirePermission(Permission.SecurityRead)
            .WithSummary("Read the tenant's rate limits (its own, or the platform defaults)");
        limits.MapPut("/", UpdateAsync).WithName("UpdateRateLimits").RequirePermission(Permission.SecurityManage)
            .WithSummary("Set the tenant's rate limits, each at most the platform maximum");
        return app;
    }

    private static async Task<Ok<RateLimitSettings>> GetAsync(string tenantId, RateLimitService limits, CancellationToken cancellationToken) =>
        TypedResults.Ok(await limits.GetAsync(tenantId, cancellationToken));

    private static async Task<Results<Ok<RateLimitSettings>, ProblemHttpResult>> UpdateAsync(
        string tenantId, RateLimitRequest body, RequestContext request, RateLimitService limits, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await limits.UpdateAsync(tenantId, body, request.Write, cancellationToken));
}
