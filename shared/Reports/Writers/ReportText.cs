using System.Globalization;

namespace DataGovernance.Reports.Writers;

/// <summary>The words every format uses for a report's values, so that PDF, HTML and CSV say the same thing.</summary>
internal static class ReportText
{
    public static string Status(EntryStatus status) => status switch
    {
        EntryStatus.Ready => "Ready",
        EntryStatus.Partial => "Partial",
        EntryStatus.Gap => "Gap",
        EntryStatus.NotAddressed => "Not addressed",
        _ => "Not applicable",
    };

    public static string Percent(double value) => $"{value.ToString("0.0", CultureInfo.InvariantCulture)}%";

    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);

    public static string Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Applicable(bool? applicable) => applicable switch { true => "Yes", false => "No", null => "Not decided" };

    public static string Requirement(RequirementSummary requirement) => $"{requirement.Title} ({requirement.Status ?? "no status"})";

    public static string Control(ControlSummary control) =>
        $"{control.Code} {control.Title} ({control.Status ?? "no status"}): " + (control.LatestAssessment is { } latest
            ? $"latest assessment {latest.Status ?? "without status"}{(latest.PerformedOn is { } on ? $" on {Date(on)}" : "")}"
            : "never assessed");

    public static string Evidence(EvidenceSummary evidence) =>
        $"{evidence.Title} ({evidence.Freshness.ToString().ToLowerInvariant()}; collected {Date(evidence.CollectedOn)}" +
        (evidence.ExpiresOn is { } expires ? $", expires {Date(expires)})" : ")");

    public static string Summary(ReadinessSummary summary) =>
        $"Readiness {Percent(summary.Readiness)} over {summary.Applicable} applicable of {summary.Entries} entries: {summary.Ready} ready, " +
        $"{summary.Partial} partial, {summary.Gap} with gaps, {summary.NotAddressed} not addressed, {summary.NotApplicable} not applicable. " +
        $"Evidence: {summary.CurrentEvidence} current, {summary.ExpiredEvidence} expired. {summary.Gaps} gap(s) listed.";

    public const string Method =
        "Each entry's readiness is the mean of four checks: requirements implemented; requirements covered by a control; controls " +
        "whose latest assessment passed; current evidence among current and expired evidence. Expired evidence lowers readiness.";
}
