using DataGovernance.Exports;
using DataGovernance.Functions.Hosting;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Exports;

/// <summary>Body of <c>POST …/exports</c>; <c>format</c> is text so that an unknown one gets its own problem code.</summary>
public sealed record ExportRequestBody(string? Collection, string? ViewId, string? Format, IReadOnlyList<string>? Fields, ExportDestination? Destination);

/// <summary>Exports: bulk exports of a collection or a saved view as CSV, JSON, NDJSON, XML or XLSX, fetched through expiring links.</summary>
public static class ExportEndpoints
{
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder app)
    {
        var exports = app.MapGroup("/api/tenants/{tenantId}/exports").WithTags("Exports");
        exports.MapPost("/", StartAsync).WithName("StartExport").RequirePermission(Permission.ExportsManage)
            .WithSummary("Export a collection or a saved view (202 with the job; restricted fields masked unless the caller holds exports.unmasked)");
        exports.MapGet("/", ListAsync).WithName("ListExports").RequirePermission(Permission.ExportsManage)
            .WithSummary("List the tenant's export jobs, oldest first, paged");
        exports.MapGet("/{exportId}", GetAsync).WithName("GetExport").RequirePermission(Permission.ExportsManage)
            .WithSummary("Read an export job: status, records, bytes, SHA-256, expiry and, once completed, a fresh expiring download link");
        return app;
    }

    private static async Task<Results<Accepted<DataExport>, ProblemHttpResult>> StartAsync(
        string tenantId, ExportRequestBody body, RequestContext request, ExportService exports, HttpContext http, CancellationToken cancellationToken)
    {
        if (!ExportFiles.TryParse(body.Format, out var format))
        {
            return Problems.From(http, new Failure(FailureKind.Validation, "unknown-format", $"There is no export format '{body.Format}'.",
                FieldErrors.Of("format", "One of: csv, json, ndjson, xml, xlsx.").ToDictionary()));
        }
        var exportRequest = new ExportRequest(body.Collection, body.ViewId, format) { Fields = body.Fields, Destination = body.Destination };
        var started = await exports.StartAsync(tenantId, exportRequest, request.Caller, request.Write, cancellationToken);
        return started.Succeeded
            ? AsyncOperations.Accepted(http, $"/api/tenants/{tenantId}/exports/{started.Value.Id}", started.Value)
            : Problems.From(http, started.Failure);
    }

    private static async Task<Results<Ok<Page<DataExport>>, ProblemHttpResult>> ListAsync(
        string tenantId, int? pageSize, string? continuationToken, ExportService exports, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        return size.Succeeded
            ? Problems.OkOr(http, await exports.ListAsync(tenantId, size.Value, continuationToken, cancellationToken))
            : Problems.From(http, size.Failure);
    }

    private static async Task<Results<Ok<DataExport>, ProblemHttpResult>> GetAsync(
        string tenantId, string exportId, RequestContext request, ExportService exports, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await exports.GetAsync(tenantId, exportId, request.Caller, cancellationToken));
}
