using DataGovernance.Functions.Hosting;
using DataGovernance.Privacy;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>Privacy › requests › package: the subject's data for an access, portability or know request.</summary>
public static class SubjectPackageEndpoints
{
    public static IEndpointRouteBuilder MapSubjectPackages(this IEndpointRouteBuilder app)
    {
        var package = app.MapGroup("/api/tenants/{tenantId}/privacy/requests/{requestId}/package").WithTags("Privacy");
        package.MapPost("", BuildAsync).WithName("BuildSubjectPackage").RequirePermission(Permission.PrivacyRequestsManage)
            .WithSummary("Build the subject's package (ZIP: data.json, one CSV per collection, manifest.json with SHA-256) and answer with an expiring link");
        package.MapGet("", GetAsync).WithName("GetSubjectPackage").RequirePermission(Permission.PrivacyRequestsRead)
            .WithSummary("Describe the request's package (manifest, size, SHA-256) with a fresh expiring download link");
        return app;
    }

    private static async Task<Results<Created<SubjectPackage>, ProblemHttpResult>> BuildAsync(
        string tenantId, string requestId, RequestContext request, SubjectPackageService packages, HttpContext http, CancellationToken cancellationToken) =>
        Problems.CreatedOr(http, await packages.BuildAsync(tenantId, requestId, request.Write, cancellationToken),
            _ => $"/api/tenants/{tenantId}/privacy/requests/{requestId}/package");

    private static async Task<Results<Ok<SubjectPackage>, ProblemHttpResult>> GetAsync(
        string tenantId, string requestId, RequestContext request, SubjectPackageService packages, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await packages.GetAsync(tenantId, requestId, request.Caller.Actor, cancellationToken));
}
