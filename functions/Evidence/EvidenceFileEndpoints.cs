using DataGovernance.Evidence;
using DataGovernance.Functions.Hosting;
using DataGovernance.Records;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace DataGovernance.Functions.Evidence;

/// <summary>Records › evidence › file: the document, screenshot or export an evidence record stands for.</summary>
public static class EvidenceFileEndpoints
{
    public static IEndpointRouteBuilder MapEvidenceFiles(this IEndpointRouteBuilder app)
    {
        var file = app.MapGroup("/api/tenants/{tenantId}/evidence/{id}/file").WithTags("Records");
        // The service reads at most one byte past its own limit and answers 413 with its own code, declared length or not.
        file.MapPut("", UploadAsync).WithName("UploadEvidenceFile").RequirePermission(Permission.RecordsWrite).WithMetadata(new DisableRequestSizeLimitAttribute())
            .WithSummary("Upload the evidence record's file (raw body; Content-Type from the allow-list; file name from Content-Disposition or ?fileName=); If-Match honoured");
        file.MapGet("", DownloadAsync).WithName("DownloadEvidenceFile").RequirePermission(Permission.RecordsRead)
            .WithSummary("Download the evidence record's file, exactly the bytes its sha256 names, as an attachment with the type checked at upload");
        return app;
    }

    private static async Task<Results<Ok<Record>, ProblemHttpResult>> UploadAsync(
        string tenantId, string id, string? fileName, RequestContext request, EvidenceFileService files, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: false);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var upload = new EvidenceFileUpload(http.Request.Body, http.Request.ContentType, http.Request.ContentLength,
            FileNameOf(http.Request) ?? fileName, expected.Value);
        var written = await files.UploadAsync(tenantId, id, upload, request.Write, cancellationToken);
        return Problems.OkWithETag(http, written);
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> DownloadAsync(
        string tenantId, string id, EvidenceFileService files, HttpContext http, CancellationToken cancellationToken)
    {
        var opened = await files.DownloadAsync(tenantId, id, cancellationToken);
        if (!opened.Succeeded)
        {
            return Problems.From(http, opened.Failure);
        }
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers["X-Content-SHA256"] = opened.Value.Sha256;
        // A file name makes the result an attachment: never rendered in the hub's origin, whatever the type.
        return TypedResults.Stream(opened.Value.Content, opened.Value.ContentType, opened.Value.FileName);
    }

    private static string? FileNameOf(HttpRequest request) =>
        ContentDispositionHeaderValue.TryParse(request.Headers.ContentDisposition.ToString(), out var disposition)
            ? (disposition.FileNameStar.HasValue ? disposition.FileNameStar.Value : disposition.FileName.Value?.Trim('"'))
            : null;
}
