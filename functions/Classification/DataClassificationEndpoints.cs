using DataGovernance.Classification;
using DataGovernance.Functions.Hosting;
using DataGovernance.Orchestrations.Classification;
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
        classification.MapGet("/map", GetMapAsync).WithName("GetSensitivityMap").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Where personal data sits: collections × fields × categories × record counts, highest sensitivity per field");
        classification.MapPost("/rescans", StartRescanAsync).WithName("StartClassificationRescan").RequirePermission(Permission.PrivacyManage)
            .WithSummary("Re-classify every record of the tenant and drop results of deleted records (202; follow the status URL)");
        return app;
    }

    private static async Task<Accepted<AcceptedOperation>> StartRescanAsync(string tenantId, RescanOperations rescans, HttpContext http, CancellationToken cancellationToken) =>
        AsyncOperations.Accepted(http, tenantId, await rescans.StartAsync(tenantId, cancellationToken));

    private static async Task<Ok<SensitivityMap>> GetMapAsync(string tenantId, DataClassificationService classifications, CancellationToken cancellationToken) =>
        TypedResults.Ok(await classifications.GetMapAsync(tenantId, cancellationToken));

    private static async Task<Results<Ok<RecordClassification>, ProblemHttpResult>> GetRecordAsync(
        string tenantId, string collection, string id, DataClassificationService classifications, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await classifications.GetAsync(tenantId, collection, id, cancellationToken));
}
