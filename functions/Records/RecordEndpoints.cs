using System.Text.Json;
using DataGovernance.Functions.Hosting;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Records;

public static class RecordEndpoints
{
    public static IEndpointRouteBuilder MapRecords(this IEndpointRouteBuilder app)
    {
        var records = app.MapGroup("/api/tenants/{tenantId}/records/{collection}").WithTags("Records");
        records.MapPost("/", CreateAsync).WithName("CreateRecord").RequirePermission(Permission.RecordsWrite).WithBodyLimit(BodyLimits.Record)
            .WithSummary("Create a record in a collection");
        records.MapGet("/", ListAsync).WithName("ListRecords").RequirePermission(Permission.RecordsRead)
            .WithSummary("List a collection's records, filtered and paged");
        records.MapGet("/{id}", GetAsync).WithName("GetRecord").RequirePermission(Permission.RecordsRead)
            .WithSummary("Read one record (Cache-Control: no-cache reads storage, not this instance's 1 s read cache)");
        records.MapPut("/{id}", ReplaceAsync).WithName("ReplaceRecord").RequirePermission(Permission.RecordsWrite).WithBodyLimit(BodyLimits.Record)
            .WithSummary("Replace a record's document (If-Match required)");
        records.MapDelete("/{id}", DeleteAsync).WithName("DeleteRecord").RequirePermission(Permission.RecordsWrite)
            .WithSummary("Delete a record (If-Match honoured)");

        app.MapGet("/api/tenants/{tenantId}/timeline", TimelineAsync).WithName("GetTimeline").WithTags("Records")
            .RequirePermission(Permission.TimelineRead)
            .WithSummary("Read the change log, newest first");
        return app;
    }

    private static async Task<Results<Created<Record>, ProblemHttpResult>> CreateAsync(
        string tenantId, string collection, JsonElement body, RequestContext request, RecordService records, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await records.CreateAsync(tenantId, collection, body, request.Write, cancellationToken);
        return Problems.CreatedWithETag(http, created, item => $"/api/tenants/{tenantId}/records/{collection}/{item.Id}");
    }

    private static async Task<Results<Ok<Page<Record>>, ProblemHttpResult>> ListAsync(
        string tenantId, string collection, string? status, string? owner, DateTimeOffset? updatedSince, int? pageSize, string? continuationToken,
        RecordService records, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        var page = await records.ListAsync(tenantId, collection, new RecordFilter(status, owner, updatedSince), size.Value, continuationToken, cancellationToken);
        return Problems.OkOr(http, page);
    }

    private static async Task<Results<Ok<Record>, ProblemHttpResult>> GetAsync(
        string tenantId, string collection, string id, RecordService records, HttpContext http, CancellationToken cancellationToken)
    {
        var allowCached = !http.Request.Headers.CacheControl.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase);
        var record = await records.GetAsync(tenantId, collection, id, allowCached, cancellationToken);
        return Problems.OkWithETag(http, record);
    }

    private static async Task<Results<Ok<Record>, ProblemHttpResult>> ReplaceAsync(
        string tenantId, string collection, string id, JsonElement body, RequestContext request, RecordService records, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var replaced = await records.ReplaceAsync(tenantId, collection, id, body, expected.Value, request.Write, cancellationToken);
        return Problems.OkWithETag(http, replaced);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string tenantId, string collection, string id, RequestContext request, RecordService records, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: false);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var deleted = await records.DeleteAsync(tenantId, collection, id, expected.Value, request.Write, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.From(http, deleted.Failure);
    }

    private static async Task<Results<Ok<Page<ChangeLogEntry>>, ProblemHttpResult>> TimelineAsync(
        string tenantId, string? collection, string? actor, DateTimeOffset? from, DateTimeOffset? to, int? pageSize, string? continuationToken,
        RecordService records, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        var page = await records.ListChangesAsync(tenantId, new ChangeFilter(collection, actor, from, to), size.Value, continuationToken, cancellationToken);
        return Problems.OkOr(http, page);
    }
}
