using DataGovernance.Audit;
using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tenancy;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Audit;

/// <summary>Reading and verifying audit chains: a tenant's own, and the platform's in the admin console.</summary>
public static class AuditEndpoints
{
    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/tenants/{tenantId}/audit").WithTags("Audit");
        audit.MapGet("/", (string tenantId, DateTimeOffset? from, DateTimeOffset? to, string? actor, string? action, AuditOutcome? outcome,
                int? pageSize, string? continuationToken, AuditService service, HttpContext http, CancellationToken cancellationToken) =>
                ListAsync(tenantId, new AuditFilter(from, to, actor, action, outcome), pageSize, continuationToken, service, http, cancellationToken))
            .WithName("ListAuditEntries").RequirePermission(Permission.AuditRead)
            .WithSummary("List the tenant's audit entries, newest first");
        audit.MapGet("/verify", (string tenantId, AuditService service, CancellationToken cancellationToken) => VerifyAsync(tenantId, service, cancellationToken))
            .WithName("VerifyAuditChain").RequirePermission(Permission.AuditRead)
            .WithSummary("Recompute the tenant's audit hash chain and report the first broken link");
        return app;
    }

    public static IEndpointRouteBuilder MapAdminAudit(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/admin/audit").WithTags("Admin");
        audit.MapGet("/", (DateTimeOffset? from, DateTimeOffset? to, string? actor, string? action, AuditOutcome? outcome,
                int? pageSize, string? continuationToken, AuditService service, HttpContext http, CancellationToken cancellationToken) =>
                ListAsync(TenantIds.Platform, new AuditFilter(from, to, actor, action, outcome), pageSize, continuationToken, service, http, cancellationToken))
            .WithName("ListPlatformAuditEntries").RequirePermission(Permission.PlatformAuditRead)
            .WithSummary("List the platform audit chain, newest first");
        audit.MapGet("/verify", (AuditService service, CancellationToken cancellationToken) => VerifyAsync(TenantIds.Platform, service, cancellationToken))
            .WithName("VerifyPlatformAuditChain").RequirePermission(Permission.PlatformAuditRead)
            .WithSummary("Recompute the platform audit hash chain");
        return app;
    }

    private static async Task<Results<Ok<Page<AuditEntry>>, ProblemHttpResult>> ListAsync(
        string chainId, AuditFilter filter, int? pageSize, string? continuationToken, AuditService service, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        var page = await service.ListAsync(chainId, filter, size.Value, continuationToken, cancellationToken);
        return Problems.OkOr(http, page);
    }

    private static async Task<Ok<AuditVerification>> VerifyAsync(string chainId, AuditService service, CancellationToken cancellationToken) =>
        TypedResults.Ok(await service.VerifyAsync(chainId, cancellationToken));
}
