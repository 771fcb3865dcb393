using DataGovernance.Backup;

namespace DataGovernance.Orchestrations.Backup;

public sealed record BackupInput(string TenantId, string RestorePointId, RestorePointKind Kind);

public sealed record VerifyInput(string TenantId, string RestorePointId, bool Secondary);

public sealed record RecordInput(SnapshotSummary Snapshot, RestorePointKind Kind, Replication Replication);

public sealed record BackupResult(string RestorePointId, long RecordCount, ReplicationStatus Replication, string? ReplicationReason);

/// <summary>
/// One backup: snapshot → verify → replicate → verify replica → record the restore point → apply retention.
/// The restore point is listed only after its snapshot verified; a secondary region that does not answer leaves
/// the replica pending for the catch-up, and the backup completes in the primary region all the same.
/// </summary>
public sealed class BackupOrchestration : TaskOrchestrator<BackupInput, BackupResult>
{
    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2));
    private static readonly TaskOptions ReplicaRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(3), 2));

    public override async Task<BackupResult> RunAsync(TaskOrchestrationContext context, BackupInput input)
    {
        context.SetCustomStatus(new { step = "snapshot" });
        var snapshot = await context.CallActivityAsync<SnapshotSummary>(nameof(TakeSnapshot), input, StepRetry);

        context.SetCustomStatus(new { step = "verify" });
        var problems = await context.CallActivityAsync<IntegrityProblem[]>(nameof(VerifySnapshot), new VerifyInput(input.TenantId, input.RestorePointId, false), StepRetry);
        if (problems.Length > 0)
        {
            throw new InvalidOperationException($"The snapshot did not verify: {string.Join(", ", problems.Select(p => $"{p.Problem} {p.Chunk}"))}.");
        }

        context.SetCustomStatus(new { step = "replicate" });
        var replication = await ReplicateAsync(context, input);

        context.SetCustomStatus(new { step = "record" });
        await context.CallActivityAsync<RestorePoint>(nameof(RecordRestorePoint), new RecordInput(snapshot, input.Kind, replication), StepRetry);
        await context.CallActivityAsync<int>(nameof(ApplyRetention), input.TenantId, StepRetry);
        return new BackupResult(input.RestorePointId, snapshot.RecordCount, replication.Status, replication.Reason);
    }

    /// <summary>Copies and verifies the replica; shared with the replication catch-up.</summary>
    public static async Task<Replication> ReplicateAsync(TaskOrchestrationContext context, BackupInput input, int previousAttempts = 0)
    {
        var refusal = await context.CallActivityAsync<string?>(nameof(CheckReplicationAllowed), input, StepRetry);
        if (refusal is not null)
        {
            return new Replication(ReplicationStatus.NotAllowed, refusal, previousAttempts, null, null);
        }
        string reason;
        try
        {
            await context.CallActivityAsync<bool>(nameof(ReplicateSnapshot), input, ReplicaRetry);
            var problems = await context.CallActivityAsync<IntegrityProblem[]>(nameof(VerifySnapshot), new VerifyInput(input.TenantId, input.RestorePointId, true), ReplicaRetry);
            if (problems.Length == 0)
            {
                return new Replication(ReplicationStatus.Replicated, null, previousAttempts + 1, context.CurrentUtcDateTime, null);
            }
            reason = $"The replica did not verify ({problems.Length} problems).";
        }
        catch (TaskFailedException failed)
        {
            reason = $"The secondary region did not take the replica: {failed.FailureDetails.InnerFailure?.ErrorMessage ?? failed.FailureDetails.ErrorMessage}";
        }
        // When the next attempt is due is for the activity that records the outcome to decide (it knows the settings).
        return new Replication(ReplicationStatus.Pending, reason, previousAttempts + 1, null, null);
    }
}

/// <summary>Catches a pending replica up once the secondary region answers again.</summary>
public sealed class ReplicationOrchestration : TaskOrchestrator<RestorePoint, Replication>
{
    public override async Task<Replication> RunAsync(TaskOrchestrationContext context, RestorePoint point)
    {
        var replication = await BackupOrchestration.ReplicateAsync(context, new BackupInput(point.TenantId, point.Id, point.Kind), point.Replication.Attempts);
        await context.CallActivityAsync<bool>(nameof(UpdateReplication), point with { Replication = replication });
        return replication;
    }
}
