using System.Text.Json;
using DataGovernance.Evidence;
using DataGovernance.Records;
using DataGovernance.Reports;
using static DataGovernance.Reports.RecordValues;

namespace DataGovernance.EvidencePackages;

/// <summary>
/// An evidence record in a package's scope: what the manifest says of it (ids, dates, mapping; its file is filled in when
/// packed), not the record itself, so memory per record stays small whatever its document holds — and the stored file to pack.
/// </summary>
public sealed record SelectedEvidence(ManifestEvidence Entry, EvidenceFile? File)
{
    public string RecordId => Entry.RecordId;

    public long Version => Entry.Version;
}

/// <summary>One change of an evidence record, as its chain of custody lists it.</summary>
/// <param name="Sha256">The file the record named after the change; null when none.</param>
public sealed record EvidenceVersion(long Version, ChangeOperation Operation, DateTimeOffset At, string Actor, string? Sha256);

/// <summary>A package's evidence in record-id order, and how many requirements of its scope that evidence covers.</summary>
public sealed record EvidenceInScope(IReadOnlyList<SelectedEvidence> Evidence, int RequirementsInScope, int RequirementsCovered);

/// <summary>
/// Finds the evidence of a package with its report's own rules (<see cref="ReportLinks"/>): the requirements the report
/// judges (of a catalogue entry, applicable; optionally only some references) → their controls that are not retired →
/// evidence naming any of those requirements or controls, collected within the period. So the package holds exactly the
/// evidence its report counts, narrowed by the package's scope.
/// </summary>
public sealed class EvidenceSelection(RecordStore records, ChangeLogStore changeLog)
{
    public async Task<EvidenceInScope> SelectAsync(string tenantId, EvidencePackageScope scope, BuiltReport report, CancellationToken cancellationToken)
    {
        var references = scope.RequirementReferences.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var judged = ReportLinks.Judged(report.Catalogue, report.Sources)
            .Where(r => references.Count == 0 || references.Contains(r.Requirement.Reference)).ToList();
        var requirements = judged.ToDictionary(r => r.Requirement.Id, r => r.Requirement.Reference, StringComparer.Ordinal);
        var requirementsOfControl = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (requirement, controlIds) in judged)
        {
            foreach (var controlId in controlIds)
            {
                Link(requirementsOfControl, controlId, requirement.Id);
            }
        }
        var controls = requirementsOfControl.Keys.ToDictionary(id => id, id => report.Sources.Controls[id].Control.Code is { Length: > 0 } code ? code : id,
            StringComparer.Ordinal);
        var reported = report.Sources.Evidence.Select(e => e.Evidence.Id).ToHashSet(StringComparer.Ordinal);
        var selected = new List<SelectedEvidence>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        await foreach (var evidence in records.ScanAsync(tenantId, generation, Collections.Evidence, cancellationToken))
        {
            var (namedRequirements, namedControls) = (List(evidence, "requirementIds"), List(evidence, "controlIds"));
            var controlIds = namedControls.Where(controls.ContainsKey).ToList();
            var requirementIds = namedRequirements.Where(requirements.ContainsKey)
                .Concat(controlIds.SelectMany(id => requirementsOfControl[id])).Distinct(StringComparer.Ordinal).ToList();
            // Evidence written after the report read its records is left to the next package: the two must agree.
            if (requirementIds.Count == 0 || !reported.Contains(evidence.Id) || !InPeriod(Text(evidence, "collectedOn"), scope))
            {
                continue;
            }
            covered.UnionWith(requirementIds);
            selected.Add(new SelectedEvidence(new ManifestEvidence(evidence.Id, evidence.Version, Text(evidence, "title"), evidence.Status,
                Text(evidence, "collectedOn"), Text(evidence, "effectiveFrom"), Text(evidence, "expiresOn"), namedRequirements,
                [.. requirementIds.Select(id => requirements[id]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                namedControls, [.. controlIds.Select(id => controls[id]).Order(StringComparer.Ordinal)], File: null), EvidenceFileFields.Of(evidence)));
        }
        return new EvidenceInScope(selected, requirements.Count, covered.Count);
    }

    /// <summary>
    /// Every change of the given evidence records, oldest first, from one pass over the evidence part of the change log
    /// (one query, rather than one per record, each of which would scan the whole log); each change is held as a few fields.
    /// </summary>
    public async Task<Dictionary<string, List<EvidenceVersion>>> HistoryAsync(
        string tenantId, IReadOnlySet<string> recordIds, CancellationToken cancellationToken)
    {
        var head = await records.GetHeadAsync(tenantId, cancellationToken);
        var history = recordIds.ToDictionary(id => id, _ => new List<EvidenceVersion>(), StringComparer.Ordinal);
        await foreach (var change in changeLog.ReadRangeAsync(tenantId, 0, head.LastSequence, Collections.Evidence, null, cancellationToken))
        {
            if (history.TryGetValue(change.RecordId, out var versions))
            {
                var sha256 = change.After is { } after && after.TryGetProperty("sha256", out var hash) && hash.ValueKind == JsonValueKind.String ? hash.GetString() : null;
                versions.Add(new EvidenceVersion(change.Version, change.Operation, change.ChangedAt, change.Actor, sha256));
            }
        }
        foreach (var versions in history.Values)
        {
            versions.Reverse();
        }
        return history;
    }

    private static bool InPeriod(string? collectedOn, EvidencePackageScope scope)
    {
        if (scope.CollectedFrom is null && scope.CollectedTo is null)
        {
            return true;
        }
        if (!DateOnly.TryParseExact(collectedOn, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var date))
        {
            return false;
        }
        return (scope.CollectedFrom is not { } from || date >= from) && (scope.CollectedTo is not { } to || date <= to);
    }

    private static void Link(Dictionary<string, HashSet<string>> links, string key, string value)
    {
        if (!links.TryGetValue(key, out var values))
        {
            links[key] = values = new HashSet<string>(StringComparer.Ordinal);
        }
        values.Add(value);
    }
}
