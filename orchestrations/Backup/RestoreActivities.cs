using DataGovernance.Backup;
using DataGovernance.Records;
using DataGovernance.Security;

namespace DataGovernance.Orchestrations.Backup;

/// <summary>Works out what the restore would change and opens it for approval until <see cref="RestoreStepInput.ApprovalDeadline"/>.</summary>
public sealed class AssessRestore(RestoreService restores, RestorePlan plan) : TaskActivity<RestoreStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RestoreStepInput input)
    {
        var request = await restores.RequireAsync(input.TenantId, input.RestoreId, context.CancellationToken);
        var impact = await plan.AssessAsync(request, context.CancellationToken);
        await restores.UpdateAsync(input.TenantId, input.RestoreId, current => current.Status == RestoreStatus.Assessing
            ? current with { Impact = impact, Status = RestoreStatus.AwaitingApproval, ApprovalDeadline = input.ApprovalDeadline }
            : current, context.CancellationToken);
        return true;
    }
}

/// <summary>Ends a restore that never started: rejected, or expired without a decision.</summary>
public sealed class CloseRestore(RestoreService restores) : TaskActivity<RestoreStepInput, RestoreStatus>
{
    public override async Task<RestoreStatus> RunAsync(TaskActivityContext context, RestoreStepInput input)
    {
        var finished = await restores.FinishAsync(input.TenantId, input.RestoreId,
            request => request with { Status = input.Outcome!.Value, FailureReason = input.Reason }, context.CancellationToken);
        return finished.Status;
    }
}

public sealed class FreezeRecords(RestoreService restores, RestoreExecution execution, TimeProvider clock) : TaskActivity<RestoreStepInput, FrozenHead>
{
    public override async Task<FrozenHead> RunAsync(TaskActivityContext context, RestoreStepInput input)
    {
        // A freeze delivered again after its restore ended would hold the tenant's records with nobody to lift it.
        var request = await restores.RequireAsync(input.TenantId, input.RestoreId, context.CancellationToken);
        if (request.Status is not (RestoreStatus.AwaitingApproval or RestoreStatus.Running))
        {
            throw new GenerationBusyException($"Restore {input.RestoreId} is {request.Status}; its records are not frozen again.");
        }
        var frozen = await execution.FreezeAsync(input.TenantId, input.RestoreId, context.CancellationToken);
        await restores.UpdateAsync(input.TenantId, input.RestoreId, request => request with
        {
            Status = RestoreStatus.Running,
            StartedAt = request.StartedAt ?? clock.GetUtcNow(),
            PositionBefore = frozen.LastSequence,
        }, context.CancellationToken);
        return frozen;
    }
}

/// <summary>Keeps the tenant as it is just before the restore as a restore point of its own.</summary>
public sealed class TakeBeforeRestoreSnapshot(RestoreService restores, BackupService backups) : TaskActivity<RestoreStepInput, string>
{
    public override async Task<string> RunAsync(TaskActivityContext context, RestoreStepInput input)
    {
        var restorePointId = $"rp-before-{input.RestoreId}";
        var snapshot = await backups.TakeSnapshotAsync(input.TenantId, restorePointId, context.CancellationToken);
        var problems = await backups.VerifyAsync(input.TenantId, restorePointId, false, context.CancellationToken);
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The snapshot before the restore did not verify ({problems.Count} problems).");
        }
        var refusal = await backups.ReplicationRefusalAsync(input.TenantId, context.CancellationToken);
        var replication = refusal is null
            ? new Replication(ReplicationStatus.Pending, "Replicated by the next catch-up run.", 0, null, null)
            : new Replication(ReplicationStatus.NotAllowed, refusal, 0, null, null);
        await backups.RecordRestorePointAsync(snapshot, RestorePointKind.BeforeRestore, replication, context.CancellationToken);
        await restores.UpdateAsync(input.TenantId, input.RestoreId, request => request with { BeforeRestorePointId = restorePointId }, context.CancellationToken);
        return restorePointId;
    }
}

public sealed class BuildGeneration(RestoreService restores, RestoreExecution execution) : TaskActivity<RestoreStepInput, BuiltGeneration>
{
    public override async Task<BuiltGeneration> RunAsync(TaskActivityContext context, RestoreStepInput input)
    {
        var request = await restores.RequireAsync(input.TenantId, input.RestoreId, context.CancellationToken);
        return await execution.BuildAsync(request, input.Frozen!, input.AppliedAt!.Value, request.RequestedBy, context.CancellationToken);
    }
}

public sealed class SwitchGeneration(RestoreExecution execution) : TaskActivity<RestoreStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, RestoreStepInput input) =>
        await execution.SwitchAsync(input.TenantId, input.RestoreId, input.Frozen!, input.Built!.LastSequence, context.CancellationToken)
            ? true
            : throw new InvalidOperationException($"The records of tenant {input.TenantId} are no longer frozen by restore {input.RestoreId}.");
}

public sealed class CompleteRestore(RestoreService restores) : TaskActivity<RestoreStepInput, RestoreStatus>
{
    public override async Task<RestoreStatus> RunAsync(TaskActivityContext context, RestoreStepInput input) =>
        (await restores.FinishAsync(input.TenantId, input.RestoreId, request => request with
        {
            Status = RestoreStatus.Succeeded,
            Generation = input.Built!.Generation,
            PositionAfter = input.Built.LastSequence,
            Outcome = input.Built.Outcome,
        }, context.CancellationToken)).Status;
}

/// <summary>
/// Undoes whatever an unfinished restore wrote and lifts its freeze. When the switch did happen (its answer was
/// lost), the restore is recorded as succeeded instead: the head is the only truth.
/// </summary>
public sealed class AbandonRestore(RestoreService restores, RestoreExecution execution, RecordStore records)
    : TaskActivity<RestoreStepInput, RestoreStatus>
{
    public override async Task<RestoreStatus> RunAsync(TaskActivityContext context, RestoreStepInput input)
    {
        var ct = context.CancellationToken;
        if (input.Frozen is { } frozen)
        {
            var head = await records.GetHeadAsync(input.TenantId, ct);
            if (head.Generation == frozen.Generation + 1)
            {
                return (await restores.FinishAsync(input.TenantId, input.RestoreId, request => request with
                {
                    Status = RestoreStatus.Succeeded, Generation = head.Generation, PositionAfter = head.LastSequence,
                }, ct)).Status;
            }
            await execution.AbandonAsync(input.TenantId, input.RestoreId, frozen, ct);
        }
        return (await restores.FinishAsync(input.TenantId, input.RestoreId,
            request => request with { Status = RestoreStatus.Failed, FailureReason = input.Reason }, ct)).Status;
    }
}

public sealed class DeleteReplacedGeneration(RestoreExecution execution) : TaskActivity<RestoreStepInput, long>
{
    public override Task<long> RunAsync(TaskActivityContext context, RestoreStepInput input) =>
        execution.DeleteReplacedAsync(input.TenantId, input.Frozen!.Generation, context.CancellationToken);
}
