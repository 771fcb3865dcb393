using DataGovernance.Functions.Hosting;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Privacy;

/// <summary>Privacy › consent ledger. Entries are appended and read; no route changes or removes one.</summary>
public static class ConsentEndpoints
{
    public static IEndpointRouteBuilder MapConsents(this IEndpointRouteBuilder app)
    {
        var consents = app.MapGroup("/api/tenants/{tenantId}/privacy/consents").WithTags("Privacy");
        consents.MapPost("/", AppendAsync).WithName("RecordConsent").RequirePermission(Permission.PrivacyManage)
            .WithSummary("Append a consent or withdrawal to the ledger (a correction is a new entry)");
        consents.MapGet("/", ListAsync).WithName("ListConsents").RequirePermission(Permission.PrivacyRead)
            .WithSummary("List ledger entries, newest occurrence first, filtered and paged");
        consents.MapGet("/export", ExportAsync).WithName("ExportConsents").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Download ledger entries as CSV or JSON, streamed");
        consents.MapGet("/subjects/{subject}", CurrentAsync).WithName("GetSubjectConsents").RequirePermission(Permission.PrivacyRead)
            .WithSummary("A subject's current consent per purpose: the entry that occurred last wins");
        consents.MapGet("/{entryId}", GetAsync).WithName("GetConsent").RequirePermission(Permission.PrivacyRead)
            .WithSummary("Read one ledger entry");
        return app;
    }

    private static async Task<Results<Created<ConsentEntry>, ProblemHttpResult>> AppendAsync(
        string tenantId, ConsentRequest body, RequestContext request, ConsentLedgerService ledger, HttpContext http, CancellationToken cancellationToken)
    {
        var appended = await ledger.AppendAsync(tenantId, body, request.Write, cancellationToken);
        return Problems.CreatedOr(http, appended, value => $"/api/tenants/{tenantId}/privacy/consents/{value.Id}");
    }

    private static async Task<Results<Ok<Page<ConsentEntry>>, ProblemHttpResult>> ListAsync(
        string tenantId, string? subject, string? purpose, DateTimeOffset? from, DateTimeOffset? to, int? pageSize, string? continuationToken,
        ConsentLedgerService ledger, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        var filter = new ConsentFilter(subject, purpose, from, to);
        return Problems.OkOr(http, await ledger.ListAsync(tenantId, filter, size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<CsvExportResult<ConsentEntry>, Ok<IAsyncEnumerable<ConsentEntry>>, ProblemHttpResult>> ExportAsync(
        string tenantId, string? format, string? subject, string? purpose, DateTimeOffset? from, DateTimeOffset? to, RequestContext request,
        ConsentLedgerService ledger, HttpContext http, CancellationToken cancellationToken)
    {
        if (ExportFormat.Parse(format) is not { } chosen)
        {
            return Problems.From(http, ExportFormat.Invalid);
        }
        var export = await ledger.ExportAsync(tenantId, new ConsentFilter(subject, purpose, from, to), chosen, request.Write, cancellationToken);
        if (!export.Succeeded)
        {
            return Problems.From(http, export.Failure);
        }
        return chosen == ExportFormat.Csv
            ? new CsvExportResult<ConsentEntry>("consents.csv", PrivacyCsv.ConsentColumns, export.Value.Entries, PrivacyCsv.Fields)
            : TypedResults.Ok(export.Value.Entries);
    }

    private static async Task<Results<Ok<SubjectConsents>, ProblemHttpResult>> CurrentAsync(
        string tenantId, string subject, ConsentLedgerService ledger, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await ledger.CurrentAsync(tenantId, subject, cancellationToken));

    private static async Task<Results<Ok<ConsentEntry>, ProblemHttpResult>> GetAsync(
        string tenantId, string entryId, ConsentLedgerService ledger, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await ledger.GetAsync(tenantId, entryId, cancellationToken));
}
