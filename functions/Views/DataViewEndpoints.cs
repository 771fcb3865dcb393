using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Views;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Views;

/// <summary>Views: saved filters, fields and sort orders of a collection, and the records they show.</summary>
public static class DataViewEndpoints
{
    public static IEndpointRouteBuilder MapDataViews(this IEndpointRouteBuilder app)
    {
        var views = app.MapGroup("/api/tenants/{tenantId}/views").WithTags("Views");
        views.MapPost("/", CreateAsync).WithName("CreateView").RequirePermission(Permission.RecordsWrite)
            .WithSummary("Save a view of a collection: filter conditions, fields to show and sort order");
        views.MapGet("/", ListAsync).WithName("ListViews").RequirePermission(Permission.RecordsRead)
            .WithSummary("List the saved views, paged");
        views.MapGet("/{viewId}", GetAsync).WithName("GetView").RequirePermission(Permission.RecordsRead)
            .WithSummary("Read one view");
        views.MapPut("/{viewId}", ReplaceAsync).WithName("ReplaceView").RequirePermission(Permission.RecordsWrite)
            .WithSummary("Replace a view (If-Match required)");
        views.MapDelete("/{viewId}", DeleteAsync).WithName("DeleteView").RequirePermission(Permission.RecordsWrite)
            .WithSummary("Delete a view (If-Match honoured)");
        views.MapGet("/{viewId}/records", RecordsAsync).WithName("ListViewRecords").RequirePermission(Permission.RecordsRead)
            .WithSummary("The records the view shows: filtered, sorted and projected, paged with a continuation token");
        return app;
    }

    private static async Task<Results<Created<DataView>, ProblemHttpResult>> CreateAsync(
        string tenantId, DataViewRequest body, RequestContext request, DataViewService views, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await views.CreateAsync(tenantId, body, request.Write, cancellationToken);
        return Problems.CreatedWithETag(http, created, view => $"/api/tenants/{tenantId}/views/{view.Id}");
    }

    private static async Task<Results<Ok<Page<DataView>>, ProblemHttpResult>> ListAsync(
        string tenantId, int? pageSize, string? continuationToken, DataViewService views, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        return size.Succeeded
            ? Problems.OkOr(http, await views.ListAsync(tenantId, size.Value, continuationToken, cancellationToken))
            : Problems.From(http, size.Failure);
    }

    private static async Task<Results<Ok<DataView>, ProblemHttpResult>> GetAsync(
        string tenantId, string viewId, DataViewService views, HttpContext http, CancellationToken cancellationToken)
    {
        var view = await views.GetAsync(tenantId, viewId, cancellationToken);
        return Problems.OkWithETag(http, view);
    }

    private static async Task<Results<Ok<DataView>, ProblemHttpResult>> ReplaceAsync(
        string tenantId, string viewId, DataViewRequest body, RequestContext request, DataViewService views, HttpContext http,
        CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var replaced = await views.ReplaceAsync(tenantId, viewId, body, expected.Value, request.Write, cancellationToken);
        return Problems.OkWithETag(http, replaced);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string tenantId, string viewId, DataViewService views, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: false);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var deleted = await views.DeleteAsync(tenantId, viewId, expected.Value, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.From(http, deleted.Failure);
    }

    private static async Task<Results<Ok<Page<ViewRow>>, ProblemHttpResult>> RecordsAsync(
        string tenantId, string viewId, int? pageSize, string? continuationToken, DataViewService views, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        return size.Succeeded
            ? Problems.OkOr(http, await views.ListRecordsAsync(tenantId, viewId, size.Value, continuationToken, cancellationToken))
            : Problems.From(http, size.Failure);
    }
}
