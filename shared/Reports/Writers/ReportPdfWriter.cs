using UglyToad.PdfPig.Writer;

namespace DataGovernance.Reports.Writers;

/// <summary>The report as a PDF: summary, then each entry with its requirements, controls, evidence and gaps.</summary>
internal static class ReportPdfWriter
{
    public static async Task WriteAsync(ComplianceReport report, Stream output, CancellationToken cancellationToken)
    {
        using var document = new PdfDocumentBuilder();
        document.DocumentInformation.Title = $"{report.FrameworkName} readiness report";
        var pdf = new PdfLayout(document);
        pdf.Title($"{report.FrameworkName} readiness report");
        pdf.Text($"Tenant {report.TenantId}. {report.FrameworkVersion}. Generated {ReportText.Time(report.GeneratedAt)}.");
        pdf.Heading("Summary");
        pdf.Text(ReportText.Summary(report.Summary));
        pdf.Text(ReportText.Method);
        if (report.HasStatementOfApplicability)
        {
            pdf.Heading("Statement of Applicability");
            foreach (var entry in report.Entries)
            {
                var soa = entry.Applicability!;
                pdf.Text($"{entry.Reference} {entry.Title} - applicable: {ReportText.Applicable(soa.Applicable)}; implementation: {soa.ImplementationStatus}; {soa.Justification}");
            }
        }
        pdf.Heading("Entries");
        foreach (var entry in report.Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            pdf.Strong($"{entry.Reference} {entry.Title} - {ReportText.Status(entry.Status)}, readiness {ReportText.Percent(entry.Readiness)}");
            foreach (var requirement in entry.Requirements)
            {
                pdf.Text($"Requirement: {ReportText.Requirement(requirement)}", 12);
            }
            foreach (var control in entry.Controls)
            {
                pdf.Text($"Control: {ReportText.Control(control)}", 12);
            }
            foreach (var evidence in entry.Evidence)
            {
                pdf.Text($"Evidence: {ReportText.Evidence(evidence)}", 12);
            }
            foreach (var gap in entry.Gaps)
            {
                pdf.Text($"Gap [{gap.Code}]: {gap.Detail}", 12);
            }
        }
        if (report.UnmatchedRequirements.Count > 0)
        {
            pdf.Heading("Requirements whose reference matches no entry");
            foreach (var requirement in report.UnmatchedRequirements)
            {
                pdf.Text($"{requirement.Reference}: {ReportText.Requirement(requirement)}");
            }
        }
        var bytes = document.Build();
        await output.WriteAsync(bytes, cancellationToken);
    }
}
