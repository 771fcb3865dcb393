using DataGovernance.Imports;

namespace DataGovernance.Orchestrations.Imports;

public sealed class FreezeImportRecords(ImportExecution execution) : TaskActivity<ImportStepInput, FrozenHead>
{
    public override Task<FrozenHead> RunAsync(TaskActivityContext context, ImportStepInput input) =>
        execution.FreezeAsync(input.TenantId, input.BatchId, input.Kind, context.CancellationToken);
}

public sealed class BuildImportGeneration(ImportBatchStore batches, ImportExecution execution) : TaskActivity<ImportStepInput, BuiltImport>
{
    public override async Task<BuiltImport> RunAsync(TaskActivityContext context, ImportStepInput input)
    {
        var batch = (await batches.GetAsync(input.TenantId, input.BatchId, context.CancellationToken))?.Batch
            ?? throw new InvalidOperationException($"Import {input.BatchId} no longer exists.");
        return await execution.BuildAsync(input.TenantId, batch, input.Kind, input.Frozen!, input.AppliedAt!.Value, context.CancellationToken);
    }
}

public sealed class SwitchImportGeneration(ImportExecution execution) : TaskActivity<ImportStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ImportStepInput input) =>
        await execution.SwitchAsync(input.TenantId, input.BatchId, input.Kind, input.Frozen!, input.Built!.LastSequence, context.CancellationToken)
            ? true
            : throw new InvalidOperationException($"The records of tenant {input.TenantId} are no longer frozen by import {input.BatchId}.");
}

public sealed class CompleteImport(ImportBatchStore batches, TimeProvider clock) : TaskActivity<ImportStepInput, ImportStatus>
{
    public override async Task<ImportStatus> RunAsync(TaskActivityContext context, ImportStepInput input)
    {
        var (built, frozen, now) = (input.Built!, input.Frozen!, clock.GetUtcNow());
        var done = await batches.UpdateAsync(input.TenantId, input.BatchId, batch => input.Kind == ImportRunKind.Commit
            ? batch with
            {
                Status = ImportStatus.Committed, CommittedAt = batch.CommittedAt ?? now, FirstSequence = frozen.LastSequence + 1, LastSequence = built.LastSequence,
                Counts = batch.Counts with { Imported = built.Changed, Duplicates = batch.Counts.Duplicates + built.SkippedDuplicates },
            }
            : batch with { Status = ImportStatus.RolledBack, RolledBackAt = batch.RolledBackAt ?? now }, context.CancellationToken);
        return done!.Status;
    }
}

/// <summary>Undoes whatever an unfinished run wrote; when its switch did happen (the answer was lost), completes it instead.</summary>
public sealed class AbandonImport(ImportBatchStore batches, ImportExecution execution, TimeProvider clock) : TaskActivity<ImportStepInput, ImportStatus>
{
    public override async Task<ImportStatus> RunAsync(TaskActivityContext context, ImportStepInput input)
    {
        var switched = await execution.AbandonAsync(input.TenantId, input.BatchId, input.Kind, input.Frozen, context.CancellationToken);
        var now = clock.GetUtcNow();
        var done = await batches.UpdateAsync(input.TenantId, input.BatchId, batch => (input.Kind, switched) switch
        {
            (ImportRunKind.Commit, true) => batch with { Status = ImportStatus.Committed, CommittedAt = batch.CommittedAt ?? now },
            (ImportRunKind.Commit, false) => batch with { Status = ImportStatus.Failed, FailureReason = input.Reason },
            (_, true) => batch with { Status = ImportStatus.RolledBack, RolledBackAt = batch.RolledBackAt ?? now },
            // The rollback removed nothing: the batch stays committed, with why the rollback failed.
            _ => batch with { Status = ImportStatus.Committed, FailureReason = input.Reason },
        }, context.CancellationToken);
        return done!.Status;
    }
}

public sealed class DeleteImportReplacedGeneration(ImportExecution execution) : TaskActivity<ImportStepInput, long>
{
    public override Task<long> RunAsync(TaskActivityContext context, ImportStepInput input) =>
        execution.DeleteReplacedAsync(input.TenantId, input.Frozen!.Generation, context.CancellationToken);
}
