using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Security;

/// <summary>Security › events and dashboard: what happened to the tenant's security, and what the detectors raised.</summary>
public static class SecurityEventEndpoints
{
    public static IEndpointRouteBuilder MapSecurityEvents(this IEndpointRouteBuilder app)
    {
        var security = app.MapGroup("/api/tenants/{tenantId}/security").WithTags("Security");
        security.MapGet("/events", ListAsync).WithName("ListSecurityEvents").RequirePermission(Permission.SecurityRead)
            .WithSummary("List the tenant's security events, newest first (filters type, from, to)");
        security.MapGet("/dashboard", DashboardAsync).WithName("GetSecurityDashboard").RequirePermission(Permission.SecurityRead)
            .WithSummary("Count security events per type and hour or day, with totals and the newest security alerts");
        return app;
    }

    private static async Task<Results<Ok<Page<SecurityEvent>>, ProblemHttpResult>> ListAsync(
        string tenantId, SecurityEventType? type, DateTimeOffset? from, DateTimeOffset? to, int? pageSize, string? continuationToken,
        SecurityEventService securityEvents, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        var page = await securityEvents.ListAsync(tenantId, new SecurityEventFilter(type, from, to), size.Value, continuationToken, cancellationToken);
        return Problems.OkOr(http, page);
    }

    private static async Task<Results<Ok<SecurityDashboard>, ProblemHttpResult>> DashboardAsync(
        string tenantId, DateTimeOffset? from, DateTimeOffset? to, string? interval, SecurityDashboardService dashboards, HttpContext http,
        CancellationToken cancellationToken) =>
        Problems.OkOr(http, await dashboards.BuildAsync(tenantId, from, to, interval, cancellationToken));
}
