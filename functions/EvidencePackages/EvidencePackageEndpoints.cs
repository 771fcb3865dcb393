using DataGovernance.EvidencePackages;
using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace DataGovernance.Functions.EvidencePackages;

/// <summary>Reports › evidence packages: a framework's evidence, report and chain of custody in one signed ZIP for auditors.</summary>
public static class EvidencePackageEndpoints
{
    public static IEndpointRouteBuilder MapEvidencePackages(this IEndpointRouteBuilder app)
    {
        var packages = app.MapGroup("/api/tenants/{tenantId}/evidence-packages").WithTags("Evidence packages");
        packages.MapPost("/", StartAsync).WithName("BuildEvidencePackage").RequirePermission(Permission.EvidencePackagesBuild)
            .WithSummary("Build a signed evidence package of a framework (optionally some requirements, a collected-on period): 202 with the package to follow");
        packages.MapGet("/", ListAsync).WithName("ListEvidencePackages").RequirePermission(Permission.EvidencePackagesRead)
            .WithSummary("List evidence packages, oldest first, paged");
        packages.MapGet("/{id}", GetAsync).WithName("GetEvidencePackage").RequirePermission(Permission.EvidencePackagesRead)
            .WithSummary("Read an evidence package: status, steps, counts, size, SHA-256 and, once completed, an expiring download link");
        // The service reads at most one byte past its own limit and answers 413 with its own code, declared length or not.
        packages.MapPost("/verify", VerifyAsync).WithName("VerifyEvidencePackage").RequirePermission(Permission.EvidencePackagesRead)
            .WithMetadata(new DisableRequestSizeLimitAttribute())
            .WithSummary("Verify an evidence package (raw ZIP body): signature, key, and each file ok / modified / missing / unexpected");
        return app;
    }

    private static async Task<Results<Accepted<EvidencePackage>, ProblemHttpResult>> StartAsync(
        string tenantId, EvidencePackageRequest body, RequestContext request, EvidencePackageService packages, HttpContext http,
        CancellationToken cancellationToken)
    {
        var started = await packages.StartAsync(tenantId, body, request.Caller.Actor, cancellationToken);
        return started.Succeeded
            ? AsyncOperations.Accepted(http, $"/api/tenants/{tenantId}/evidence-packages/{started.Value.Id}", started.Value)
            : Problems.From(http, started.Failure);
    }

    private static async Task<Results<Ok<Page<EvidencePackageView>>, ProblemHttpResult>> ListAsync(
        string tenantId, int? pageSize, string? continuationToken, EvidencePackageService packages, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        return Problems.OkOr(http, await packages.ListAsync(tenantId, size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<Ok<EvidencePackageView>, ProblemHttpResult>> GetAsync(
        string tenantId, string id, RequestContext request, EvidencePackageService packages, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await packages.GetAsync(tenantId, id, request.Caller.Actor, cancellationToken));

    private static async Task<Results<Ok<PackageVerification>, ProblemHttpResult>> VerifyAsync(
        string tenantId, EvidencePackageService packages, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await packages.VerifyAsync(http.Request.Body, http.Request.ContentLength, cancellationToken));
}
