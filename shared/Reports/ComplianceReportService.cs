using System.Text.Json;
using System.Text.Json.Serialization;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Reports.Writers;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Reports;

public enum ReportFormat
{
    Pdf,
    Html,
    Csv,
    Json,
}

/// <summary>Builds compliance reports (SOC 2, ISO 27001:2022, GDPR) from a tenant's records and writes them in each format.</summary>
public sealed class ComplianceReportService(RecordStore records, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
    };

    /// <summary>Fails with <c>unknown-framework</c> for a framework without a catalogue.</summary>
    public async Task<Result<ComplianceReport>> BuildAsync(string tenantId, string framework, CancellationToken cancellationToken)
    {
        var built = await BuildWithSourcesAsync(tenantId, framework, cancellationToken);
        return built.Succeeded ? built.Value.Report : built.Failure;
    }

    /// <summary>The report with what it was built from, for features that must hold the same records (see <see cref="ReportLinks"/>).</summary>
    public async Task<Result<BuiltReport>> BuildWithSourcesAsync(string tenantId, string framework, CancellationToken cancellationToken)
    {
        if (FrameworkCatalogue.Find(framework) is not { } catalogue)
        {
            return UnknownFramework(framework);
        }
        var now = clock.GetUtcNow();
        var sources = await ReportSources.ReadAsync(records, tenantId, catalogue.Framework, DateOnly.FromDateTime(now.UtcDateTime), cancellationToken);
        return new BuiltReport(ReadinessAssessment.Assess(catalogue, sources, tenantId, now), catalogue, sources);
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the service's contract with the features that call it.")]
    public Task WriteAsync(ComplianceReport report, ReportFormat format, Stream output, CancellationToken cancellationToken) => format switch
    {
        ReportFormat.Pdf => ReportPdfWriter.WriteAsync(report, output, cancellationToken),
        ReportFormat.Html => ReportHtmlWriter.WriteAsync(report, output, cancellationToken),
        ReportFormat.Csv => ReportCsvWriter.WriteAsync(report, output, cancellationToken),
        _ => JsonSerializer.SerializeAsync(output, report, Json, cancellationToken),
    };

    /// <summary>The media type of a format, with the charset of text formats.</summary>
    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Pdf => "application/pdf",
        ReportFormat.Html => "text/html; charset=utf-8",
        ReportFormat.Csv => "text/csv; charset=utf-8",
        _ => "application/json; charset=utf-8",
    };

    /// <summary>The file name extension of a format, with its dot (<c>.pdf</c>).</summary>
    public static string FileExtension(ReportFormat format) => format switch
    {
        ReportFormat.Pdf => ".pdf",
        ReportFormat.Html => ".html",
        ReportFormat.Csv => ".csv",
        _ => ".json",
    };

    /// <summary>The download name of a report: <c>soc2-readiness-20261124.pdf</c>.</summary>
    public static string FileName(ComplianceReport report, ReportFormat format) =>
        $"{report.Framework}-readiness-{report.GeneratedAt.UtcDateTime:yyyyMMdd}{FileExtension(format)}";

    /// <summary>The <c>format</c> parameter (PDF when absent); fails with <c>invalid-parameter</c> for anything else.</summary>
    public static Result<ReportFormat> ParseFormat(string? format) => format?.ToLowerInvariant() switch
    {
        null or "" or "pdf" => ReportFormat.Pdf,
        "html" => ReportFormat.Html,
        "csv" => ReportFormat.Csv,
        "json" => ReportFormat.Json,
        _ => Failure.BadRequest("invalid-parameter", "format is pdf, html, csv or json.", FieldErrors.Of("format", "Must be pdf, html, csv or json.")),
    };

    public static Failure UnknownFramework(string framework) =>
        new(FailureKind.NotFound, "unknown-framework", $"There is no report for framework '{framework}'; the frameworks are {string.Join(", ", FrameworkCatalogue.Known)}.");
}

/// <summary>A report, its framework's catalogue and the records it judged.</summary>
public sealed record BuiltReport(ComplianceReport Report, FrameworkCatalogue Catalogue, ReportSources Sources);

public static class ReportServiceCollectionExtensions
{
    public static IServiceCollection AddComplianceReports(this IServiceCollection services) =>
        services.AddSingleton<ComplianceReportService>();
}
