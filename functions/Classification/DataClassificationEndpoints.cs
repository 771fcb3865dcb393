using DataGovernance.Classification;
using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Classification;

/// <summary>Privacy › data map: what classification found in each record, and where personal data sits in the tenant.</summary>
public static class DataClassificationEndpoints
{
    public static IEndpointRouteBuilder MapDataClassification(this IEndpointRouteBuilder app)
    {
        var classification = app.MapGroup("/api/tenants/{tenantId}/classification").WithTags("Classification");
        classification.MapGet("/records/{collection}/{id}", GetRecordAsync).WithName("GetRecordClassification").RequirePermission(Permission.PrivacyRead)
            .WithSummary("What classification found in one record: sensitivity, categories and entities per field (never a value)");
        return app;
    }

    private static async Task<Results<Ok<RecordClassification>, ProblemHttpResult>> GetRecordAsync(
        string tenantId, string collection, string id, DataClassificationService classifications, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await classifications.GetAsync(tenantId, collection, id, cancellationToken));
}
