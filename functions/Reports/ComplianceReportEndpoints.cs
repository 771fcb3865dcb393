using DataGovernance.Functions.Hosting;
using DataGovernance.Reports;
using DataGovernance.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Reports;

/// <summary>Reports › compliance reports: readiness against SOC 2, ISO/IEC 27001:2022 and GDPR from the tenant's records.</summary>
public static class ComplianceReportEndpoints
{
    public static IEndpointRouteBuilder MapComplianceReports(this IEndpointRouteBuilder app)
    {
        var reports = app.MapGroup("/api/tenants/{tenantId}/reports").WithTags("Reports");
        reports.MapGet("/frameworks", ListFrameworks).WithName("ListReportFrameworks").RequirePermission(Permission.ReportsRead)
            .WithSummary("The frameworks a compliance report can be built for, with their catalogue version and size");
        reports.MapGet("/{framework}", GetAsync).WithName("GetComplianceReport").RequirePermission(Permission.ReportsRead)
            .WithSummary("Build a framework's readiness report from the tenant's records now; format pdf (default), html, csv or json, as a download");
        return app;
    }

    /// <summary>A framework a report can be built for.</summary>
    public sealed record ReportFramework(string Framework, string Name, string Version, int Entries, IReadOnlyList<string> Formats);

    private static Ok<IReadOnlyList<ReportFramework>> ListFrameworks(string tenantId) =>
        TypedResults.Ok<IReadOnlyList<ReportFramework>>([.. FrameworkCatalogue.List().Select(catalogue =>
            new ReportFramework(catalogue.Framework, catalogue.Name, catalogue.Version, catalogue.Entries.Count, ["pdf", "html", "csv", "json"]))]);

    private static async Task<Results<ReportDownload, ProblemHttpResult>> GetAsync(
        string tenantId, string framework, string? format, ComplianceReportService reports, HttpContext http, CancellationToken cancellationToken)
    {
        var parsed = ComplianceReportService.ParseFormat(format);
        if (!parsed.Succeeded)
        {
            return Problems.From(http, parsed.Failure);
        }
        var report = await reports.BuildAsync(tenantId, framework, cancellationToken);
        if (!report.Succeeded)
        {
            return Problems.From(http, report.Failure);
        }
        return new ReportDownload(reports, report.Value, parsed.Value);
    }
}
