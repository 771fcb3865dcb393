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
public sealed class ComplianceReportService
{
    /// <summary>Fails with <c>unknown-framework</c> for a framework without a catalogue.</summary>
    public Task<Result<ComplianceReport>> BuildAsync(string tenantId, string framework, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public Task WriteAsync(ComplianceReport report, ReportFormat format, Stream output, CancellationToken cancellationToken) =>
        throw new NotImplementedException();

    public static string ContentType(ReportFormat format) => throw new NotImplementedException();

    public static string FileExtension(ReportFormat format) => throw new NotImplementedException();
}

public static class ReportServiceCollectionExtensions
{
    public static IServiceCollection AddComplianceReports(this IServiceCollection services) =>
        services.AddSingleton<ComplianceReportService>();
}
