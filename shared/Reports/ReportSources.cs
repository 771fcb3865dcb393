using DataGovernance.Records;
using static DataGovernance.Reports.RecordValues;

namespace DataGovernance.Reports;

/// <summary>
/// What a report needs from the tenant's records, read collection by collection as a stream: the framework's
/// requirements, the controls linked to them (either way round), each such control's latest assessment, and the
/// evidence linked to any of them. Only linked records are kept, so memory follows the framework, not the tenant.
/// </summary>
public sealed class ReportSources
{
    public List<(RequirementSummary Requirement, IReadOnlyList<string> ControlIds)> Requirements { get; } = [];

    /// <summary>Linked controls by id, with the requirement ids they name themselves.</summary>
    public Dictionary<string, (ControlSummary Control, IReadOnlyList<string> RequirementIds)> Controls { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, AssessmentSummary> LatestAssessments { get; } = new(StringComparer.Ordinal);

    public List<(EvidenceSummary Evidence, IReadOnlyList<string> ControlIds, IReadOnlyList<string> RequirementIds)> Evidence { get; } = [];

    public static async Task<ReportSources> ReadAsync(
        RecordStore store, string tenantId, string framework, DateOnly today, CancellationToken cancellationToken)
    {
        var sources = new ReportSources();
        var generation = await store.GetGenerationAsync(tenantId, cancellationToken);
        await foreach (var record in store.ScanAsync(tenantId, generation, Collections.Requirements, cancellationToken))
        {
            if (Text(record, "framework") == framework)
            {
                sources.Requirements.Add((new RequirementSummary(record.Id, Text(record, "reference") ?? "", Text(record, "title") ?? "", record.Status,
                    Text(record, "description")), List(record, "controlIds")));
            }
        }
        var requirementIds = sources.Requirements.Select(r => r.Requirement.Id).ToHashSet(StringComparer.Ordinal);
        var namedControls = sources.Requirements.SelectMany(r => r.ControlIds).ToHashSet(StringComparer.Ordinal);
        await foreach (var record in store.ScanAsync(tenantId, generation, Collections.Controls, cancellationToken))
        {
            var linked = List(record, "requirementIds");
            if (namedControls.Contains(record.Id) || linked.Any(requirementIds.Contains))
            {
                sources.Controls[record.Id] = (new ControlSummary(record.Id, Text(record, "code") ?? "", Text(record, "title") ?? "", record.Status, null), linked);
            }
        }
        await foreach (var record in store.ScanAsync(tenantId, generation, Collections.Assessments, cancellationToken))
        {
            if (Text(record, "controlId") is { } controlId && sources.Controls.ContainsKey(controlId))
            {
                var assessment = new AssessmentSummary(record.Id, Text(record, "title") ?? "", record.Status, Date(record, "performedOn"), Number(record, "score"));
                if (!sources.LatestAssessments.TryGetValue(controlId, out var latest) || IsLater(assessment, latest))
                {
                    sources.LatestAssessments[controlId] = assessment;
                }
            }
        }
        await foreach (var record in store.ScanAsync(tenantId, generation, Collections.Evidence, cancellationToken))
        {
            var (controls, requirements) = (List(record, "controlIds"), List(record, "requirementIds"));
            if (controls.Any(sources.Controls.ContainsKey) || requirements.Any(requirementIds.Contains))
            {
                sources.Evidence.Add((Summarise(record, today), controls, requirements));
            }
        }
        return sources;
    }

    /// <summary>Expired when its expiry date is before <paramref name="today"/> or it is marked expired; current when accepted and in effect.</summary>
    public static EvidenceFreshness Freshness(string? status, DateOnly collectedOn, DateOnly? effectiveFrom, DateOnly? expiresOn, DateOnly today) =>
        status == "expired" || expiresOn < today ? EvidenceFreshness.Expired
        : status == "accepted" && (effectiveFrom ?? collectedOn) <= today ? EvidenceFreshness.Current
        : EvidenceFreshness.NotCurrent;

    private static EvidenceSummary Summarise(Record record, DateOnly today)
    {
        var collectedOn = Date(record, "collectedOn") ?? DateOnly.MinValue;
        var expiresOn = Date(record, "expiresOn");
        return new EvidenceSummary(record.Id, Text(record, "title") ?? "", record.Status, collectedOn, expiresOn,
            Freshness(record.Status, collectedOn, Date(record, "effectiveFrom"), expiresOn, today));
    }

    /// <summary>Later performed date wins; an assessment without a date counts as older than any dated one; ties go to the later id (ids grow with time).</summary>
    private static bool IsLater(AssessmentSummary candidate, AssessmentSummary latest) =>
        (candidate.PerformedOn ?? DateOnly.MinValue, candidate.Id).CompareTo((latest.PerformedOn ?? DateOnly.MinValue, latest.Id)) > 0;
}
