using DataGovernance.Backup;

namespace DataGovernance.Orchestrations.Backup;

public sealed class TakeSnapshot(BackupService backups) : TaskActivity<BackupInput, SnapshotSummary>
{
    public override Task<SnapshotSummary> RunAsync(TaskActivityContext context, BackupInput input) =>
        backups.TakeSnapshotAsync(input.TenantId, input.RestorePointId, context.CancellationToken);
}

public sealed class VerifySnapshot(BackupService backups) : TaskActivity<VerifyInput, IntegrityProblem[]>
{
    public override async Task<IntegrityProblem[]> RunAsync(TaskActivityContext context, VerifyInput input) =>
        [.. await backups.VerifyAsync(input.TenantId, input.RestorePointId, input.Secondary, context.CancellationToken)];
}

/// <summary>Whether the restore point's replica may be made; a refusal by the cross-border rules raises an alert about it.</summary>
public sealed class CheckReplicationAllowed(BackupService backups) : TaskActivity<BackupInput, string?>
{
    public override Task<string?> RunAsync(TaskActivityContext context, BackupInput input) =>
        backups.ReplicationRefusalForAsync(input.TenantId, input.RestorePointId, context.CancellationToken);
}

public sealed class ReplicateSnapshot(BackupService backups) : TaskActivity<BackupInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, BackupInput input)
    {
        await backups.CopyToSecondaryAsync(input.TenantId, input.RestorePointId, context.CancellationToken);
        return true;
    }
}

public sealed class RecordRestorePoint(BackupService backups) : TaskActivity<RecordInput, RestorePoint>
{
    public override Task<RestorePoint> RunAsync(TaskActivityContext context, RecordInput input) =>
        backups.RecordRestorePointAsync(input.Snapshot, input.Kind, input.Replication, context.CancellationToken);
}

public sealed class UpdateReplication(BackupService backups) : TaskActivity<RestorePoint, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, RestorePoint input) =>
        backups.UpdateReplicationAsync(input.TenantId, input.Id, input.Replication, context.CancellationToken);
}

public sealed class ApplyRetention(BackupService backups) : TaskActivity<string, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, string input) => backups.ApplyRetentionAsync(input, context.CancellationToken);
}
