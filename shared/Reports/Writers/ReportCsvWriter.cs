using System.Globalization;
using DataGovernance.Exports;

namespace DataGovernance.Reports.Writers;

/// <summary>The report as CSV through the hub's one formula-safe CSV writer (<see cref="SafeCsv"/>): one row per catalogue entry.</summary>
internal static class ReportCsvWriter
{
    public static readonly string[] Columns =
    [
        "framework", "reference", "title", "group", "status", "readiness", "requirements", "controls", "evidence", "currentEvidence", "expiredEvidence",
        "gaps", "applicable", "justification", "implementationStatus",
    ];

    public static Task WriteAsync(ComplianceReport report, Stream output, CancellationToken cancellationToken) =>
        SafeCsv.WriteAsync(output, Columns, report.Entries.ToAsyncEnumerable(), entry => Fields(report.Framework, entry), cancellationToken);

    private static string?[] Fields(string framework, ReportEntry entry) =>
    [
        framework, entry.Reference, entry.Title, entry.Group, ReportText.Status(entry.Status), entry.Readiness.ToString("0.0", CultureInfo.InvariantCulture),
        Lines(entry.Requirements.Select(ReportText.Requirement)), Lines(entry.Controls.Select(ReportText.Control)),
        Lines(entry.Evidence.Select(ReportText.Evidence)),
        entry.Evidence.Count(e => e.Freshness == EvidenceFreshness.Current).ToString(CultureInfo.InvariantCulture),
        entry.Evidence.Count(e => e.Freshness == EvidenceFreshness.Expired).ToString(CultureInfo.InvariantCulture),
        Lines(entry.Gaps.Select(gap => $"{gap.Code}: {gap.Detail}")),
        entry.Applicability is { } soa ? ReportText.Applicable(soa.Applicable) : null, entry.Applicability?.Justification,
        entry.Applicability?.ImplementationStatus,
    ];

    private static string Lines(IEnumerable<string> items) => string.Join('\n', items);
}
