using DataGovernance.Imports;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Orchestrations.Imports;

public sealed class FreezeImportRecords(ImportBatchStore batches, ImportExecution execution) : TaskActivity<ImportStepInput, FrozenHead>
{
    public override async Task<FrozenHead> RunAsync(TaskActivityContext context, ImportStepInput input)
    {
        var (batch, run) = await ImportRunSteps.LoadAsync(batches, input, context.CancellationToken);
        return await execution.FreezeAsync(input.TenantId, batch, run, context.CancellationToken);
    }
}

public sealed class BuildImportGeneration(ImportBatchStore batches, ImportExecution execution) : TaskActivity<ImportStepInput, BuiltImport>
{
    public override async Task<BuiltImport> RunAsync(TaskActivityContext context, ImportStepInput input)
    {
        var (batch, run) = await ImportRunSteps.LoadAsync(batches, input, context.CancellationToken);
        return await execution.BuildAsync(input.TenantId, batch, run, input.Frozen!, input.AppliedAt!.Value, context.CancellationToken);
    }
}

public sealed class SwitchImportGeneration(ImportBatchStore batches, ImportExecution execution) : TaskActivity<ImportStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ImportStepInput input)
    {
        var (_, run) = await ImportRunSteps.LoadAsync(batches, input, context.CancellationToken);
        return await execution.SwitchAsync(input.TenantId, input.BatchId, run, input.Frozen!, input.Built!.LastSequence, context.CancellationToken)
            ? true
            : throw new ImportRunException($"The records of the tenant were no longer frozen by this run of import {input.BatchId}; nothing was changed.");
    }
}

/// <summary>Records the outcome of a switched run, once: a repeat finds the batch no longer in this run and changes nothing.</summary>
public sealed class CompleteImport(ImportBatchStore batches, TimeProvider clock) : TaskActivity<ImportStepInput, ImportStatus>
{
    public override async Task<ImportStatus> RunAsync(TaskActivityContext context, ImportStepInput input)
    {
        var (built, frozen, now) = (input.Built!, input.Frozen!, clock.GetUtcNowForStorage());
        var done = await batches.UpdateAsync(input.TenantId, input.BatchId, batch => !batch.IsInRun(input.RunId)
            ? batch
            : batch.Run!.Kind == ImportRunKind.Commit
                ? batch with
                {
                    Status = ImportStatus.Committed, CommittedAt = now, FirstSequence = frozen.LastSequence + 1, LastSequence = built.LastSequence,
                    Counts = batch.Counts with { Imported = built.Changed, Duplicates = batch.Counts.Duplicates + built.SkippedDuplicates },
                }
                : batch with { Status = ImportStatus.RolledBack, RolledBackAt = now }, context.CancellationToken);
        return done!.Status;
    }
}

/// <summary>Undoes whatever an unfinished run wrote; when its switch did happen (the answer was lost), completes it instead.</summary>
public sealed class AbandonImport(ImportRunEnding ending) : TaskActivity<ImportStepInput, EndedImportRun>
{
    public override Task<EndedImportRun> RunAsync(TaskActivityContext context, ImportStepInput input) =>
        ending.EndAsync(input.TenantId, input.BatchId, input.RunId, input.Reason ?? ImportOrchestration.UnexpectedFailure, context.CancellationToken);
}

public sealed class NotifyImportObservers(ImportBatchStore batches, ImportExecution execution) : TaskActivity<ImportStepInput, long>
{
    public override async Task<long> RunAsync(TaskActivityContext context, ImportStepInput input)
    {
        var (batch, _) = await ImportRunSteps.LoadAsync(batches, input, context.CancellationToken);
        return await execution.NotifyObserversAsync(input.TenantId, batch.Collection, input.Frozen!.LastSequence + 1, input.Built!.LastSequence, context.CancellationToken);
    }
}

public sealed class DeleteImportReplacedGeneration(ImportExecution execution) : TaskActivity<ImportStepInput, long>
{
    public override Task<long> RunAsync(TaskActivityContext context, ImportStepInput input) =>
        execution.DeleteReplacedAsync(input.TenantId, input.Frozen!.Generation, context.CancellationToken);
}

internal static class ImportRunSteps
{
    /// <summary>The batch and its run; a batch that has moved on to another run refuses the step.</summary>
    public static async Task<(ImportBatch Batch, ImportRun Run)> LoadAsync(ImportBatchStore batches, ImportStepInput input, CancellationToken cancellationToken)
    {
        var batch = (await batches.GetAsync(input.TenantId, input.BatchId, cancellationToken))?.Batch
            ?? throw new ImportRunException($"Import {input.BatchId} no longer exists.");
        return batch.Run is { } run && run.Id == input.RunId
            ? (batch, run)
            : throw new ImportRunException($"Import {input.BatchId} is in another run now; this one changes nothing.");
    }
}
