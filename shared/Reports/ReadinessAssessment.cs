namespace DataGovernance.Reports;

/// <summary>Judges each catalogue entry against the records linked to it (see <see cref="ReportEntry"/> for the score).</summary>
public static class ReadinessAssessment
{
    public static ComplianceReport Assess(FrameworkCatalogue catalogue, ReportSources sources, string tenantId, DateTimeOffset generatedAt)
    {
        var byKey = sources.Requirements
            .GroupBy(r => FrameworkCatalogue.Key(catalogue.Framework, r.Requirement.Reference), StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        var entries = catalogue.Entries
            .Select(entry => Judge(catalogue.Framework, entry, byKey.GetValueOrDefault(FrameworkCatalogue.Key(catalogue.Framework, entry.Reference)) ?? [], sources))
            .ToList();
        var catalogued = catalogue.Entries.Select(entry => FrameworkCatalogue.Key(catalogue.Framework, entry.Reference)).ToHashSet(StringComparer.Ordinal);
        var unmatched = sources.Requirements.Where(r => !catalogued.Contains(FrameworkCatalogue.Key(catalogue.Framework, r.Requirement.Reference)))
            .Select(r => r.Requirement).ToList();
        return new ComplianceReport(tenantId, catalogue.Framework, generatedAt)
        {
            FrameworkName = catalogue.Name,
            FrameworkVersion = catalogue.Version,
            Summary = Summarise(entries),
            Entries = entries,
            UnmatchedRequirements = unmatched,
        };
    }

    private static ReportEntry Judge(
        string framework, CatalogueEntry entry, List<(RequirementSummary Requirement, IReadOnlyList<string> ControlIds)> requirements, ReportSources sources)
    {
        var soa = framework == "iso27001";
        if (requirements.Count == 0)
        {
            return new ReportEntry(entry.Reference, entry.Title, entry.Group, EntryStatus.NotAddressed, 0, [], [], [],
                [new ReportGap("no-requirement", "No requirement refers to this entry.")],
                soa ? new ApplicabilityStatement(null, "Not yet decided: no requirement refers to this control.", "not-started") : null);
        }
        var applicable = requirements.Where(r => ReportLinks.IsApplicable(r.Requirement)).ToList();
        if (applicable.Count == 0)
        {
            var reasons = requirements.Select(r => r.Requirement.Description).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d));
            return new ReportEntry(entry.Reference, entry.Title, entry.Group, EntryStatus.NotApplicable, 0, [.. requirements.Select(r => r.Requirement)], [], [], [],
                soa ? new ApplicabilityStatement(false, reasons ?? $"Marked not applicable in: {Titles(requirements)}.", "not-applicable") : null);
        }

        var gaps = new List<ReportGap>();
        var controlsOf = applicable.ToDictionary(r => r.Requirement.Id, r => ReportLinks.ActiveControls(r.Requirement.Id, r.ControlIds, sources), StringComparer.Ordinal);
        foreach (var (requirement, _) in applicable)
        {
            if (requirement.Status != "implemented")
            {
                gaps.Add(new ReportGap("requirement-not-implemented", $"Requirement \"{requirement.Title}\" is {requirement.Status ?? "without a status"}."));
            }
            if (controlsOf[requirement.Id].Count == 0)
            {
                gaps.Add(new ReportGap("requirement-without-controls", $"Requirement \"{requirement.Title}\" has no control."));
            }
        }
        var controls = controlsOf.Values.SelectMany(ids => ids).Distinct(StringComparer.Ordinal)
            .Select(id => sources.Controls[id].Control with { LatestAssessment = sources.LatestAssessments.GetValueOrDefault(id) })
            .OrderBy(control => control.Code, StringComparer.Ordinal).ToList();
        foreach (var control in controls.Where(control => !control.Passing))
        {
            gaps.Add(new ReportGap("control-without-passing-assessment", control.LatestAssessment is { } latest
                ? $"Control {control.Code}: the latest assessment is {latest.Status}."
                : $"Control {control.Code} has never been assessed."));
        }
        var evidence = LinkedEvidence(applicable.Select(r => r.Requirement.Id), controls.Select(c => c.Id), sources);
        var (current, expired) = (evidence.Count(e => e.Freshness == EvidenceFreshness.Current), evidence.Count(e => e.Freshness == EvidenceFreshness.Expired));
        if (current == 0)
        {
            gaps.Add(new ReportGap("no-current-evidence", "No accepted evidence is in effect."));
        }
        if (expired > 0)
        {
            gaps.Add(new ReportGap("expired-evidence", $"{expired} piece(s) of evidence have expired and count against readiness."));
        }

        double checks =
            Fraction(applicable.Count(r => r.Requirement.Status == "implemented"), applicable.Count)
            + Fraction(applicable.Count(r => controlsOf[r.Requirement.Id].Count > 0), applicable.Count)
            + Fraction(controls.Count(c => c.Passing), controls.Count)
            + Fraction(current, current + expired);
        var readiness = Math.Round(100 * checks / 4, 1, MidpointRounding.AwayFromZero);
        var status = readiness >= 100 ? EntryStatus.Ready : readiness <= 0 ? EntryStatus.Gap : EntryStatus.Partial;
        return new ReportEntry(entry.Reference, entry.Title, entry.Group, status, readiness, [.. requirements.Select(r => r.Requirement)], controls, evidence, gaps,
            soa ? new ApplicabilityStatement(true, Justification(applicable), Implementation(applicable)) : null);
    }

    private static List<EvidenceSummary> LinkedEvidence(IEnumerable<string> requirementIds, IEnumerable<string> controlIds, ReportSources sources)
    {
        var (requirements, controls) = (requirementIds.ToHashSet(StringComparer.Ordinal), controlIds.ToHashSet(StringComparer.Ordinal));
        return [.. sources.Evidence
            .Where(e => ReportLinks.IsLinked(e.RequirementIds, e.ControlIds, requirements, controls))
            .Select(e => e.Evidence)
            .OrderBy(e => e.CollectedOn).ThenBy(e => e.Id, StringComparer.Ordinal)];
    }

    private static ReadinessSummary Summarise(List<ReportEntry> entries)
    {
        var applicable = entries.Where(e => e.Status != EntryStatus.NotApplicable).ToList();
        var evidence = entries.SelectMany(e => e.Evidence).DistinctBy(e => e.Id).ToList();
        return new ReadinessSummary(
            applicable.Count == 0 ? 0 : Math.Round(applicable.Sum(e => e.Readiness) / applicable.Count, 1, MidpointRounding.AwayFromZero),
            entries.Count,
            applicable.Count,
            entries.Count(e => e.Status == EntryStatus.Ready),
            entries.Count(e => e.Status == EntryStatus.Partial),
            entries.Count(e => e.Status == EntryStatus.Gap),
            entries.Count(e => e.Status == EntryStatus.NotAddressed),
            entries.Count(e => e.Status == EntryStatus.NotApplicable),
            evidence.Count(e => e.Freshness == EvidenceFreshness.Current),
            evidence.Count(e => e.Freshness == EvidenceFreshness.Expired),
            entries.Sum(e => e.Gaps.Count));
    }

    private static double Fraction(int part, int whole) => whole == 0 ? 0 : (double)part / whole;

    private static string Titles(IEnumerable<(RequirementSummary Requirement, IReadOnlyList<string> _)> requirements) =>
        string.Join("; ", requirements.Select(r => r.Requirement.Title));

    private static string Justification(List<(RequirementSummary Requirement, IReadOnlyList<string> ControlIds)> applicable) =>
        applicable.Select(r => r.Requirement.Description).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d))
            ?? $"Required by: {Titles(applicable)}.";

    private static string Implementation(List<(RequirementSummary Requirement, IReadOnlyList<string> ControlIds)> applicable) =>
        applicable.All(r => r.Requirement.Status == "implemented") ? "implemented"
        : applicable.Any(r => r.Requirement.Status is "implemented" or "in-progress") ? "in-progress"
        : "not-started";
}
