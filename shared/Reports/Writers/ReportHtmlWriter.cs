using System.Text;
using System.Text.Encodings.Web;

namespace DataGovernance.Reports.Writers;

/// <summary>The report as one self-contained HTML page; every value from the records is HTML-encoded.</summary>
internal static class ReportHtmlWriter
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}table{border-collapse:collapse;width:100%;margin:1rem 0}" +
        "th,td{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top;font-size:.85rem}th{background:#f3f3f3}" +
        ".Ready{color:#146c2e}.Partial{color:#8a5a00}.Gap,.NotAddressed{color:#a4262c}ul{margin:0;padding-left:1.1rem}";

    public static async Task WriteAsync(ComplianceReport report, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        var title = $"{report.FrameworkName} readiness report";
        await writer.WriteAsync($"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{E(title)}</title><style>{Style}</style></head><body>");
        await writer.WriteAsync($"<h1>{E(title)}</h1><p>Tenant {E(report.TenantId)}. {E(report.FrameworkVersion)}. Generated {E(ReportText.Time(report.GeneratedAt))}.</p>");
        await writer.WriteAsync($"<h2>Summary</h2><p id=\"readiness\">{E(ReportText.Summary(report.Summary))}</p><p>{E(ReportText.Method)}</p>");
        if (report.HasStatementOfApplicability)
        {
            await writer.WriteAsync("<h2>Statement of Applicability</h2><table><thead><tr><th>Control</th><th>Title</th><th>Applicable</th><th>Justification</th><th>Implementation</th></tr></thead><tbody>");
            foreach (var entry in report.Entries)
            {
                var soa = entry.Applicability!;
                await writer.WriteAsync($"<tr><td>{E(entry.Reference)}</td><td>{E(entry.Title)}</td><td>{E(ReportText.Applicable(soa.Applicable))}</td>" +
                    $"<td>{E(soa.Justification)}</td><td>{E(soa.ImplementationStatus)}</td></tr>");
            }
            await writer.WriteAsync("</tbody></table>");
        }
        await writer.WriteAsync("<h2>Entries</h2><table><thead><tr><th>Reference</th><th>Title</th><th>Status</th><th>Readiness</th><th>Requirements</th>" +
            "<th>Controls</th><th>Evidence</th><th>Gaps</th></tr></thead><tbody>");
        foreach (var entry in report.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            await writer.WriteAsync($"<tr><td>{E(entry.Reference)}</td><td>{E(entry.Title)}<br><small>{E(entry.Group)}</small></td>" +
                $"<td class=\"{entry.Status}\">{E(ReportText.Status(entry.Status))}</td><td>{E(ReportText.Percent(entry.Readiness))}</td>" +
                $"<td>{List(entry.Requirements.Select(ReportText.Requirement))}</td><td>{List(entry.Controls.Select(ReportText.Control))}</td>" +
                $"<td>{List(entry.Evidence.Select(ReportText.Evidence))}</td><td>{List(entry.Gaps.Select(gap => $"{gap.Code}: {gap.Detail}"))}</td></tr>");
        }
        await writer.WriteAsync("</tbody></table>");
        if (report.UnmatchedRequirements.Count > 0)
        {
            await writer.WriteAsync($"<h2>Requirements whose reference matches no entry</h2>{List(report.UnmatchedRequirements.Select(r => $"{r.Reference}: {ReportText.Requirement(r)}"))}");
        }
        await writer.WriteAsync("</body></html>");
        await writer.FlushAsync(cancellationToken);
    }

    private static string E(string text) => HtmlEncoder.Default.Encode(text);

    private static string List(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "" : $"<ul>{string.Concat(list.Select(item => $"<li>{E(item)}</li>"))}</ul>";
    }
}
