using System.Text;
using System.Text.Json;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using Microsoft.Extensions.Options;

namespace DataGovernance.Backup;

/// <summary>Turns what a drill learned into its outcome and signed report (SOC 2 A1.3 evidence), and hands reports out for verification.</summary>
public sealed class DrillReports(DrillStore drills, EvidenceSigner signer, IOptions<BackupOptions> options)
{
    private static readonly JsonSerializerOptions ReportJson = new(BackupJson.Options) { WriteIndented = true };

    public async Task<RestoreDrill> RecordAsync(DrillResult result, CancellationToken cancellationToken)
    {
        var plan = result.Plan;
        var reasons = Reasons(result);
        var status = reasons.Count == 0 ? DrillStatus.Passed : DrillStatus.Failed;
        double? rto = result.VerifiedAt is { } verified ? Math.Round((verified - result.StartedAt).TotalSeconds, 3) : null;
        var drill = new RestoreDrill(plan.DrillId, plan.TenantId, plan.Trigger, plan.RequestedBy, plan.RestorePointId, status, result.StartedAt,
            result.VerifiedAt, result.FinishedAt, rto, plan.RtoTargetMinutes, result.Collections, reasons);
        var manifest = result.Manifest;
        var report = new DrillReport(DrillReport.Type, plan.DrillId, plan.TenantId, plan.Trigger, plan.RequestedBy, plan.RestorePointId,
            manifest?.Position, manifest?.RootHash, options.Value.PrimaryRegion, result.StartedAt, result.VerifiedAt, result.FinishedAt,
            rto, plan.RtoTargetMinutes, drill.RtoMet, result.Collections,
            new DrillHashChecks(manifest?.RootHashValid ?? false, manifest?.MatchesRestorePoint ?? false,
                result.Collections.Sum(c => c.ExpectedChunks), result.Collections.Sum(c => c.MatchingChunks)),
            ScratchDiscarded: true, result.ScratchRowsDiscarded, status, reasons, DrillReport.ControlMapping);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(report, ReportJson);
        await drills.SaveReportAsync(plan.TenantId, plan.DrillId, bytes, await signer.SignAsync(bytes, cancellationToken), cancellationToken);
        await drills.UpdateAsync(drill, cancellationToken);
        return drill;
    }

    public async Task<Result<SignedDrillReport>> GetAsync(string tenantId, string drillId, CancellationToken cancellationToken)
    {
        var drill = await drills.GetAsync(tenantId, drillId, cancellationToken);
        if (drill is null)
        {
            return Failure.NotFound($"There is no drill '{drillId}'.");
        }
        if (await drills.GetReportAsync(tenantId, drillId, cancellationToken) is not { } stored)
        {
            return Failure.Conflict("drill-running", $"Drill '{drillId}' has no report yet; it is still running.");
        }
        return new SignedDrillReport(drillId, Encoding.UTF8.GetString(stored.Report), stored.Signature);
    }

    /// <summary>Why the drill failed: every problem found, and anything the manifest or the collections fall short of.</summary>
    private static List<DrillFinding> Reasons(DrillResult result)
    {
        var reasons = new List<DrillFinding>(result.Problems);
        if (result.Manifest is { } manifest)
        {
            reasons.AddRange(manifest.Problems);
        }
        else if (reasons.Count == 0)
        {
            reasons.Add(new DrillFinding("manifest-unchecked", "The drill ended before it could read the restore point's manifest."));
        }
        foreach (var collection in result.Collections.Where(c => !c.Passed))
        {
            reasons.AddRange(collection.Problems.Count > 0 ? collection.Problems
                : [new DrillFinding("collection-mismatch", $"{collection.Name}: {collection.FoundRecords} of {collection.ExpectedRecords} records, {collection.MatchingChunks} of {collection.ExpectedChunks} chunks identical.")]);
        }
        if (result.VerifiedAt is null && reasons.Count == 0)
        {
            reasons.Add(new DrillFinding("not-verified", "The drill did not get as far as verifying the restored records."));
        }
        return reasons;
    }
}
