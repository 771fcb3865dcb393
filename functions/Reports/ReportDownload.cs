using System.Reflection;
using DataGovernance.Reports;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace DataGovernance.Functions.Reports;

/// <summary>Writes a built report to the response in its format, as an attachment.</summary>
public sealed class ReportDownload(ComplianceReportService reports, ComplianceReport report, ReportFormat format)
    : IResult, IStatusCodeHttpResult, IContentTypeHttpResult, IEndpointMetadataProvider
{
    public int? StatusCode => StatusCodes.Status200OK;

    public string ContentType => ComplianceReportService.ContentType(format);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status200OK;
        httpContext.Response.ContentType = ContentType;
        httpContext.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment")
        {
            FileName = ComplianceReportService.FileName(report, format),
        }.ToString();
        await reports.WriteAsync(report, format, httpContext.Response.Body, httpContext.RequestAborted);
    }

    static void IEndpointMetadataProvider.PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(ComplianceReport),
            ["application/pdf", "text/html", "text/csv", "application/json"]));
}
