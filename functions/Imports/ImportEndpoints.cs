using DataGovernance.Downloads;
using DataGovernance.Functions.Hosting;
using DataGovernance.Imports;
using DataGovernance.Orchestrations.Imports;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Imports;

/// <summary>Data › imports: upload a file for a collection, validate it (a dry run with a row-level report), commit it all or nothing, roll it back.</summary>
public static class ImportEndpoints
{
    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        var imports = app.MapGroup("/api/tenants/{tenantId}/imports").WithTags("Imports");
        imports.MapPost("/", UploadAsync).WithName("UploadImport").RequirePermission(Permission.ImportsManage).WithBodyLimit(ImportOptions.UploadCeiling)
            .WithSummary("Upload a CSV, XLSX or JSON file (the request body) for ?collection=; answers with its columns and a suggested mapping");
        imports.MapGet("/", ListAsync).WithName("ListImports").RequirePermission(Permission.ImportsRead)
            .WithSummary("List import batches, oldest first, paged, optionally by status");
        imports.MapGet("/{importId}", GetAsync).WithName("GetImport").RequirePermission(Permission.ImportsRead)
            .WithSummary("Read an import batch: status, counts, mapping, first row errors, requester and times");
        imports.MapPost("/{importId}/validate", ValidateAsync).WithName("ValidateImport").RequirePermission(Permission.ImportsManage)
            .WithSummary("Dry run: map, cleanse, check and de-duplicate every row; reports row errors and changes no record");
        imports.MapGet("/{importId}/errors", ErrorReportAsync).WithName("GetImportErrorReport").RequirePermission(Permission.ImportsRead)
            .WithSummary("An expiring link to the full error report of the last validation (CSV: row, column, code, message)");
        imports.MapPost("/{importId}/commit", CommitAsync).WithName("CommitImport").RequirePermission(Permission.ImportsManage)
            .WithSummary("Import the validated rows all or nothing (202 with the orchestration's status URL)");
        imports.MapPost("/{importId}/rollback", RollbackAsync).WithName("RollBackImport").RequirePermission(Permission.ImportsManage)
            .WithSummary("Remove a committed import's records all or nothing; refused when any was changed since (202)");
        imports.MapGet("/templates/{collection}", TemplateAsync).WithName("GetImportTemplate").RequirePermission(Permission.ImportsRead)
            .WithSummary("An empty file to fill in for a collection: ?format=csv (default) or xlsx (enum columns with drop-down lists)");
        return app;
    }

    private static async Task<Results<Created<ImportBatch>, ProblemHttpResult>> UploadAsync(
        string tenantId, string? collection, string? fileName, RequestContext request, ImportService imports, HttpContext http, CancellationToken cancellationToken)
    {
        var uploaded = await imports.UploadAsync(tenantId, collection, fileName, http.Request.ContentType, http.Request.Body, request.Caller.Actor, cancellationToken);
        return Problems.CreatedOr(http, uploaded, batch => $"/api/tenants/{tenantId}/imports/{batch.Id}");
    }

    private static async Task<Results<Ok<Page<ImportBatch>>, ProblemHttpResult>> ListAsync(
        string tenantId, ImportStatus? status, int? pageSize, string? continuationToken, ImportService imports, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        return size.Succeeded
            ? Problems.OkOr(http, await imports.ListAsync(tenantId, status, size.Value, continuationToken, cancellationToken))
            : Problems.From(http, size.Failure);
    }

    private static async Task<Results<Ok<ImportBatch>, ProblemHttpResult>> GetAsync(
        string tenantId, string importId, ImportService imports, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await imports.GetAsync(tenantId, importId, cancellationToken));

    private static async Task<Results<Ok<ImportBatch>, ProblemHttpResult>> ValidateAsync(
        string tenantId, string importId, ImportValidationRequest? body, ImportService imports, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await imports.ValidateAsync(tenantId, importId, body ?? new(null, null, null, null, null, null), cancellationToken));

    private static async Task<Results<Ok<DownloadLink>, ProblemHttpResult>> ErrorReportAsync(
        string tenantId, string importId, RequestContext request, ImportService imports, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await imports.ErrorReportLinkAsync(tenantId, importId, request.Caller.Actor, cancellationToken));

    private static Task<Results<Accepted<AcceptedOperation>, ProblemHttpResult>> CommitAsync(
        string tenantId, string importId, ImportCommitRequest? body, RequestContext request, ImportOperations operations, HttpContext http, CancellationToken cancellationToken) =>
        StartAsync(tenantId, importId, ImportRunKind.Commit, body?.SkipInvalidRows ?? false, request, operations, http, cancellationToken);

    private static Task<Results<Accepted<AcceptedOperation>, ProblemHttpResult>> RollbackAsync(
        string tenantId, string importId, RequestContext request, ImportOperations operations, HttpContext http, CancellationToken cancellationToken) =>
        StartAsync(tenantId, importId, ImportRunKind.Rollback, false, request, operations, http, cancellationToken);

    private static async Task<Results<Accepted<AcceptedOperation>, ProblemHttpResult>> StartAsync(
        string tenantId, string importId, ImportRunKind kind, bool skipInvalidRows, RequestContext request, ImportOperations operations, HttpContext http,
        CancellationToken cancellationToken)
    {
        var started = await operations.StartAsync(tenantId, importId, kind, skipInvalidRows, request.Caller.Actor, cancellationToken);
        return started.Succeeded ? AsyncOperations.Accepted(http, tenantId, started.Value) : Problems.From(http, started.Failure);
    }

    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> TemplateAsync(
        string tenantId, string collection, string? format, HttpContext http, CancellationToken cancellationToken)
    {
        if (Collections.Find(collection) is not { } schema)
        {
            return Problems.From(http, new Failure(FailureKind.NotFound, "unknown-collection", $"There is no collection '{collection}'."));
        }
        return (format ?? "csv").ToLowerInvariant() switch
        {
            "csv" => TypedResults.File(await ImportTemplates.CsvAsync(schema, cancellationToken), ImportTemplates.CsvContentType, $"{collection}-import-template.csv"),
            "xlsx" => TypedResults.File(ImportTemplates.Xlsx(schema), ImportTemplates.XlsxContentType, $"{collection}-import-template.xlsx"),
            _ => Problems.From(http, Failure.BadRequest("invalid-parameter", "format is csv or xlsx.", FieldErrors.Of("format", "Must be csv or xlsx."))),
        };
    }
}
