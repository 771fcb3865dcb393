namespace DataGovernance.Reports;

/// <summary>
/// Which requirements, controls and evidence a compliance report judges: the requirements of a catalogue entry that
/// are applicable, their controls that are not retired, and the evidence naming either. The report and the evidence
/// package both use these rules, so a package holds exactly the evidence its own report counts.
/// </summary>
public static class ReportLinks
{
    public static bool IsApplicable(RequirementSummary requirement) => requirement.Status != "not-applicable";

    /// <summary>The requirement's controls that are not retired: those it names and those that name it.</summary>
    public static List<string> ActiveControls(string requirementId, IReadOnlyList<string> named, ReportSources sources) =>
    [
        .. named.Where(sources.Controls.ContainsKey)
            .Concat(sources.Controls.Where(pair => pair.Value.RequirementIds.Contains(requirementId)).Select(pair => pair.Key))
            .Distinct(StringComparer.Ordinal)
            .Where(id => sources.Controls[id].Control.Status != "retired"),
    ];

    /// <summary>The requirements the report judges (those of a catalogue entry, and applicable), each with its active controls.</summary>
    public static List<(RequirementSummary Requirement, List<string> ControlIds)> Judged(FrameworkCatalogue catalogue, ReportSources sources)
    {
        var catalogued = catalogue.Entries.Select(entry => FrameworkCatalogue.Key(catalogue.Framework, entry.Reference)).ToHashSet(StringComparer.Ordinal);
        return [.. sources.Requirements
            .Where(r => catalogued.Contains(FrameworkCatalogue.Key(catalogue.Framework, r.Requirement.Reference)) && IsApplicable(r.Requirement))
            .Select(r => (r.Requirement, ActiveControls(r.Requirement.Id, r.ControlIds, sources)))];
    }

    /// <summary>Whether evidence naming these requirements and controls is linked to any of the judged ones.</summary>
    public static bool IsLinked(IReadOnlyList<string> requirementIds, IReadOnlyList<string> controlIds, IReadOnlySet<string> requirements, IReadOnlySet<string> controls) =>
        requirementIds.Any(requirements.Contains) || controlIds.Any(controls.Contains);
}
