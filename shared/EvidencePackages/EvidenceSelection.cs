using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.EvidencePackages;

/// <summary>An evidence record in a package's scope, with the requirements (by reference) and controls (by code) it serves there.</summary>
public sealed record SelectedEvidence(Record Record, IReadOnlyList<string> RequirementReferences, IReadOnlyList<string> ControlCodes);

/// <summary>One change of an evidence record, as its chain of custody lists it.</summary>
/// <param name="Sha256">The file the record named after the change; null when none.</param>
public sealed record EvidenceVersion(long Version, ChangeOperation Operation, DateTimeOffset At, string Actor, string? Sha256);

/// <summary>A package's evidence in record-id order, and how many requirements of its scope that evidence covers.</summary>
public sealed record EvidenceInScope(IReadOnlyList<SelectedEvidence> Evidence, int RequirementsInScope, int RequirementsCovered);

/// <summary>
/// Finds the evidence of a framework: requirements of the framework (optionally only some references) → controls they
/// name or that name them → evidence naming any of those requirements or controls, collected within the period.
/// Reads the live records directly, one collection scan each; memory holds ids, not documents, except of the evidence chosen.
/// </summary>
public sealed class EvidenceSelection(RecordStore records, ChangeLogStore changeLog)
{
    public async Task<EvidenceInScope> SelectAsync(string tenantId, EvidencePackageScope scope, CancellationToken cancellationToken)
    {
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        var references = scope.RequirementReferences.ToHashSet(StringComparer.OrdinalIgnoreCase);
        var requirements = new Dictionary<string, string>(StringComparer.Ordinal);
        var requirementsOfControl = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        await foreach (var requirement in records.ScanAsync(tenantId, generation, Collections.Requirements, cancellationToken))
        {
            if (Text(requirement, "framework") == scope.Framework && Text(requirement, "reference") is { } reference
                && (references.Count == 0 || references.Contains(reference)))
            {
                requirements[requirement.Id] = reference;
                foreach (var controlId in List(requirement, "controlIds"))
                {
                    Link(requirementsOfControl, controlId, requirement.Id);
                }
            }
        }
        var controls = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (var control in records.ScanAsync(tenantId, generation, Collections.Controls, cancellationToken))
        {
            foreach (var requirementId in List(control, "requirementIds").Where(requirements.ContainsKey))
            {
                Link(requirementsOfControl, control.Id, requirementId);
            }
            if (requirementsOfControl.ContainsKey(control.Id))
            {
                controls[control.Id] = Text(control, "code") ?? control.Id;
            }
        }
        var selected = new List<SelectedEvidence>();
        var covered = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var evidence in records.ScanAsync(tenantId, generation, Collections.Evidence, cancellationToken))
        {
            var controlIds = List(evidence, "controlIds").Where(controls.ContainsKey).ToList();
            var requirementIds = List(evidence, "requirementIds").Where(requirements.ContainsKey)
                .Concat(controlIds.SelectMany(id => requirementsOfControl[id])).Distinct(StringComparer.Ordinal).ToList();
            if (requirementIds.Count == 0 || !InPeriod(Text(evidence, "collectedOn"), scope))
            {
                continue;
            }
            covered.UnionWith(requirementIds);
            selected.Add(new SelectedEvidence(evidence,
                [.. requirementIds.Select(id => requirements[id]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)],
                [.. controlIds.Select(id => controls[id]).Order(StringComparer.Ordinal)]));
        }
        return new EvidenceInScope(selected, requirements.Count, covered.Count);
    }

    /// <summary>Every change of the given evidence records, oldest first, from one pass over the evidence part of the change log.</summary>
    public async Task<IReadOnlyDictionary<string, List<EvidenceVersion>>> HistoryAsync(
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

    internal static string? Text(Record record, string field) =>
        record.Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static IReadOnlyList<string> List(Record record, string field) =>
        record.Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)]
            : [];
}
