using DataGovernance.Classification;
using DataGovernance.Functions.Hosting;
using DataGovernance.Orchestrations.Classification;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Classification;

/// <summary>Settings › Classification: the tenant's own personal-data recognizers, and scanning a sample with them.</summary>
public static class ClassificationEndpoints
{
    public static IEndpointRouteBuilder MapClassification(this IEndpointRouteBuilder app)
    {
        var classification = app.MapGroup("/api/tenants/{tenantId}/classification").WithTags("Classification");
        classification.MapGet("/recognizers", GetAsync).WithName("GetRecognizers").RequirePermission(Permission.SettingsRead)
            .WithSummary("Read the tenant's own recognizers");
        classification.MapPut("/recognizers", ReplaceAsync).WithName("ReplaceRecognizers").RequirePermission(Permission.SettingsWrite)
            .WithSummary("Replace the tenant's own recognizers (If-Match required); starts a re-scan, followed at Operation-Location");
        classification.MapPost("/scan", ScanAsync).WithName("ScanSample").RequirePermission(Permission.SettingsRead)
            .WithSummary("Classify a text or a JSON record with the built-in and the tenant's recognizers; values come back masked");
        return app;
    }

    private static async Task<Ok<TenantRecognizers>> GetAsync(string tenantId, TenantRecognizerService recognizers, HttpContext http, CancellationToken cancellationToken)
    {
        var current = await recognizers.GetAsync(tenantId, cancellationToken);
        http.Response.Headers.ETag = current.ETag;
        return TypedResults.Ok(current);
    }

    /// <summary>
    /// Every record was classified with the old recognizers, so a changed set re-scans the tenant (or joins the re-scan under
    /// way). The change stands even when the re-scan cannot start: then no Operation-Location comes back.
    /// </summary>
    private static async Task<Results<Ok<TenantRecognizers>, ProblemHttpResult>> ReplaceAsync(
        string tenantId, TenantRecognizersRequest body, RequestContext request, TenantRecognizerService recognizers, RescanOperations rescans,
        HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var replaced = await recognizers.ReplaceAsync(tenantId, body, expected.Value, request.Write, cancellationToken);
        if (replaced.Succeeded)
        {
            http.Response.Headers.ETag = replaced.Value.ETag;
            if (await rescans.TryStartAsync(tenantId, cancellationToken) is { } rescan)
            {
                http.Response.Headers["Operation-Location"] = AsyncOperations.StatusPath(tenantId, rescan);
            }
        }
        return Problems.OkOr(http, replaced);
    }

    private static async Task<Results<Ok<ScanResult>, ProblemHttpResult>> ScanAsync(
        string tenantId, ScanRequest body, ClassificationService classification, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await classification.ScanAsync(tenantId, body, cancellationToken));
}
