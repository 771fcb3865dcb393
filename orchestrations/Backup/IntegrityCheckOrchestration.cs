using DataGovernance.Backup;
using DataGovernance.Monitoring;

namespace DataGovernance.Orchestrations.Backup;

public sealed record IntegrityReport(string TenantId, int RestorePointsChecked, IReadOnlyList<IntegrityProblem> Problems);

/// <summary>Checks every chunk of every restore point of a tenant in both regions, one restore point per activity.</summary>
public sealed class IntegrityCheckOrchestration : TaskOrchestrator<string, IntegrityReport>
{
    public override async Task<IntegrityReport> RunAsync(TaskOrchestrationContext context, string tenantId)
    {
        var points = await context.CallActivityAsync<string[]>(nameof(ListRestorePointIds), tenantId);
        var problems = new List<IntegrityProblem>();
        for (var index = 0; index < points.Length; index++)
        {
            problems.AddRange(await context.CallActivityAsync<IntegrityProblem[]>(nameof(CheckRestorePointIntegrity), new VerifyInput(tenantId, points[index], false)));
            context.SetCustomStatus(new { checkedRestorePoints = index + 1, of = points.Length, problems = problems.Count });
        }
        return new IntegrityReport(tenantId, points.Length, problems);
    }
}

public sealed class ListRestorePointIds(RestorePointStore restorePoints) : TaskActivity<string, string[]>
{
    public override async Task<string[]> RunAsync(TaskActivityContext context, string input) =>
        [.. (await restorePoints.ListAsync(input, context.CancellationToken)).Select(point => point.Id)];
}

/// <summary>
/// Checks one restore point in the primary region and, when it was replicated, in the secondary; records the
/// result on the restore point and raises a critical alert naming the damaged chunks and collections (once per
/// damage: a later check that finds exactly the same problems raises none).
/// </summary>
public sealed class CheckRestorePointIntegrity(BackupService backups, RestorePointStore restorePoints, AlertStore alerts, TimeProvider clock)
    : TaskActivity<VerifyInput, IntegrityProblem[]>
{
    private const int MaxProblemsKept = 50;

    public override async Task<IntegrityProblem[]> RunAsync(TaskActivityContext context, VerifyInput input)
    {
        var ct = context.CancellationToken;
        if (await restorePoints.GetAsync(input.TenantId, input.RestorePointId, ct) is not { } point)
        {
            return [];
        }
        var problems = (await backups.VerifyAsync(input.TenantId, input.RestorePointId, false, ct)).ToList();
        if (point.Replication.Status == ReplicationStatus.Replicated)
        {
            problems.AddRange(await backups.VerifyAsync(input.TenantId, input.RestorePointId, true, ct));
        }
        await restorePoints.UpdateAsync(point with
        {
            LastIntegrityCheck = new IntegrityCheck(clock.GetUtcNow(), problems.Count == 0, [.. problems.Take(MaxProblemsKept)]),
        }, ct);
        var alreadyReported = point.LastIntegrityCheck is { Intact: false } last && last.Problems.ToHashSet().SetEquals(problems.Take(MaxProblemsKept));
        if (problems.Count > 0 && !alreadyReported)
        {
            var detail = string.Join("; ", problems.Take(10).Select(p => $"{p.Region} {p.Problem} chunk {p.Chunk ?? "-"} ({p.Collection ?? "manifest"})"));
            await alerts.RaiseAsync(input.TenantId, BackupAlerts.Integrity, AlertSeverity.Critical, input.RestorePointId,
                $"Restore point {input.RestorePointId} is damaged: {detail}", ct);
        }
        return [.. problems];
    }
}
