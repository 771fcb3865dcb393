using DataGovernance.Functions.Hosting;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>Privacy › records of processing activities (GDPR Art. 30).</summary>
public static class ProcessingActivityEndpoints
{
    public static IEndpointRouteBuilder MapProcessingActivities(this IEndpointRouteBuilder app)
    {
        var activities = app.MapGroup("/api/tenants/{tenantId}/privacy/processing-activities").WithTags("Privacy");
        activities.MapPost("/", CreateAsync).WithName("CreateProcessingActivity").RequirePermission(Permission.PrivacyManage)
            .WithSummary("Add a processing activity to the record of processing activities (GDPR Art. 30)");
        activities.MapGet("/", ListAsync).WithName("ListProcessingActivities").RequirePermission(Permission.PrivacyRead)
            .WithSummary("List the processing activities, filtered and paged");
        activities.MapGet("/export", ExportAsync).WithName("ExportProcessingActivities").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Download the record of processing activities as CSV or JSON, streamed");
        activities.MapGet("/{activityId}", GetAsync).WithName("GetProcessingActivity").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Read one processing activity");
        activities.MapPut("/{activityId}", ReplaceAsync).WithName("ReplaceProcessingActivity").RequirePermission(Permission.PrivacyManage)
            .WithSummary("Replace a processing activity (If-Match required); retire it with status Retired");
        activities.MapDelete("/{activityId}", DeleteAsync).WithName("DeleteProcessingActivity").RequirePermission(Permission.PrivacyManage)
            .WithSummary("Delete a draft processing activity (If-Match honoured)");
        return app;
    }

    private static async Task<Results<Created<ProcessingActivity>, ProblemHttpResult>> CreateAsync(
        string tenantId, ProcessingActivityRequest body, RequestContext request, ProcessingActivityService activities, HttpContext http,
        CancellationToken cancellationToken)
    {
        var created = await activities.CreateAsync(tenantId, body, request.Write, cancellationToken);
        return Problems.CreatedWithETag(http, created, item => $"/api/tenants/{tenantId}/privacy/processing-activities/{item.Id}");
    }

    private static async Task<Results<Ok<Page<ProcessingActivity>>, ProblemHttpResult>> ListAsync(
        string tenantId, ProcessingStatus? status, string? owner, LegalBasis? legalBasis, int? pageSize, string? continuationToken,
        ProcessingActivityService activities, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        var filter = new ProcessingActivityFilter(status, owner, legalBasis);
        return Problems.OkOr(http, await activities.ListAsync(tenantId, filter, size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<CsvExportResult<ProcessingActivity>, Ok<IAsyncEnumerable<ProcessingActivity>>, ProblemHttpResult>> ExportAsync(
        string tenantId, string? format, ProcessingStatus? status, string? owner, LegalBasis? legalBasis, RequestContext request,
        ProcessingActivityService activities, HttpContext http, CancellationToken cancellationToken)
    {
        if (ExportFormat.Parse(format) is not { } chosen)
        {
            return Problems.From(http, ExportFormat.Invalid);
        }
        var items = await activities.ExportAsync(tenantId, new ProcessingActivityFilter(status, owner, legalBasis), chosen, request.Write, cancellationToken);
        return chosen == ExportFormat.Csv
            ? new CsvExportResult<ProcessingActivity>("processing-activities.csv", PrivacyCsv.ProcessingActivityColumns, items, PrivacyCsv.Fields)
            : TypedResults.Ok(items);
    }

    private static async Task<Results<Ok<ProcessingActivity>, ProblemHttpResult>> GetAsync(
        string tenantId, string activityId, ProcessingActivityService activities, HttpContext http, CancellationToken cancellationToken)
    {
        var activity = await activities.GetAsync(tenantId, activityId, cancellationToken);
        return Problems.OkWithETag(http, activity);
    }

    private static async Task<Results<Ok<ProcessingActivity>, ProblemHttpResult>> ReplaceAsync(
        string tenantId, string activityId, ProcessingActivityRequest body, RequestContext request, ProcessingActivityService activities,
        HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var replaced = await activities.ReplaceAsync(tenantId, activityId, body, expected.Value, request.Write, cancellationToken);
        return Problems.OkWithETag(http, replaced);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string tenantId, string activityId, ProcessingActivityService activities, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: false);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var deleted = await activities.DeleteAsync(tenantId, activityId, expected.Value, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.From(http, deleted.Failure);
    }
}
