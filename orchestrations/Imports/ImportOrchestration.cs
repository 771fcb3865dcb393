using DataGovernance.Classification;
using DataGovernance.Imports;
using DataGovernance.Orchestrations.Classification;
using DataGovernance.Records;

namespace DataGovernance.Orchestrations.Imports;

/// <summary>What the starter hands an import commit or rollback: the batch and the run it began on it.</summary>
public sealed record ImportRunInput(string TenantId, string BatchId, string RunId, TimeSpan ReplacedGenerationGrace);

/// <summary>What one step works on; each step reads the fields it needs.</summary>
public sealed record ImportStepInput(
    string TenantId,
    string BatchId,
    string RunId,
    FrozenHead? Frozen = null,
    DateTimeOffset? AppliedAt = null,
    BuiltImport? Built = null,
    string? Reason = null);

/// <summary>
/// Commits (or rolls back) an import batch all or nothing: freeze the tenant's records → build the next generation with
/// the batch's records added (or removed) → switch to it in one write → tell the write observers → record the outcome →
/// re-classify → after a grace period delete the replaced generation. A failure before the switch abandons the build:
/// nothing of it was ever visible.
/// </summary>
public sealed class ImportOrchestration : TaskOrchestrator<ImportRunInput, ImportStatus>
{
    /// <summary>What a failure the run did not foresee tells the people who asked; the details are in the run's history.</summary>
    public const string UnexpectedFailure = "The run failed unexpectedly; the records are as they were before it.";

    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(1), 2));

    public override async Task<ImportStatus> RunAsync(TaskOrchestrationContext context, ImportRunInput input)
    {
        var step = new ImportStepInput(input.TenantId, input.BatchId, input.RunId);
        FrozenHead? frozen = null;
        BuiltImport built;
        try
        {
            context.SetCustomStatus(new { step = "freeze" });
            frozen = await context.CallActivityAsync<FrozenHead>(nameof(FreezeImportRecords), step, StepRetry);
            context.SetCustomStatus(new { step = "build" });
            built = await context.CallActivityAsync<BuiltImport>(nameof(BuildImportGeneration), step with { Frozen = frozen, AppliedAt = context.CurrentUtcDateTime });
            context.SetCustomStatus(new { step = "switch" });
            await context.CallActivityAsync<bool>(nameof(SwitchImportGeneration), step with { Frozen = frozen, Built = built }, StepRetry);
        }
        catch (TaskFailedException failed)
        {
            var ended = await context.CallActivityAsync<EndedImportRun>(nameof(AbandonImport), step with { Reason = ReasonFor(failed.FailureDetails) }, StepRetry);
            if (ended.Switched && frozen is not null)
            {
                // The switch happened, only its answer was lost: the run succeeded and is followed up as one.
                await FollowUpAsync(context, input, step with { Frozen = frozen });
            }
            return ended.Status;
        }

        await NotifyAsync(context, step with { Frozen = frozen, Built = built });
        context.SetCustomStatus(new { step = "complete" });
        var status = await context.CallActivityAsync<ImportStatus>(nameof(CompleteImport), step with { Frozen = frozen, Built = built }, StepRetry);
        await FollowUpAsync(context, input, step with { Frozen = frozen });
        return status;
    }

    /// <summary>After a switch: re-classify, and once readers of the replaced generation have had time to finish, delete it.</summary>
    private static async Task FollowUpAsync(TaskOrchestrationContext context, ImportRunInput input, ImportStepInput step)
    {
        await ReclassifyAsync(context, input.TenantId);
        context.SetCustomStatus(new { step = "cleanup" });
        await context.CreateTimer(input.ReplacedGenerationGrace, CancellationToken.None);
        await context.CallActivityAsync<long>(nameof(DeleteImportReplacedGeneration), step, StepRetry);
    }

    /// <summary>The message of a failure the run foresaw (its own refusals, the records taken by another run); otherwise a plain one.</summary>
    public static string ReasonFor(TaskFailureDetails? failure)
    {
        for (; failure is not null; failure = failure.InnerFailure)
        {
            if (failure.ErrorType == typeof(ImportRunException).FullName || failure.ErrorType == typeof(GenerationBusyException).FullName)
            {
                return failure.ErrorMessage;
            }
        }
        return UnexpectedFailure;
    }

    /// <summary>The import has succeeded by now: a failure to tell the observers is shown, not undone.</summary>
    private static async Task NotifyAsync(TaskOrchestrationContext context, ImportStepInput step)
    {
        context.SetCustomStatus(new { step = "notify" });
        try
        {
            await context.CallActivityAsync<long>(nameof(NotifyImportObservers), step, StepRetry);
        }
        catch (TaskFailedException failed)
        {
            context.SetCustomStatus(new { step = "notify", notificationFailed = failed.FailureDetails.ErrorMessage });
        }
    }

    /// <summary>
    /// Imported records come in beside the record service, so no write queued their classification (and a rollback's
    /// removals none either): a re-scan brings classification and the subject index in line. The import has succeeded by
    /// now, so a failed re-scan is shown, not undone.
    /// </summary>
    private static async Task ReclassifyAsync(TaskOrchestrationContext context, string tenantId)
    {
        context.SetCustomStatus(new { step = "reclassify" });
        try
        {
            await context.CallSubOrchestratorAsync<RescanReport>(nameof(RescanOrchestration),
                new RescanInput(tenantId, ClassificationRescan.DefaultChunkSize, RescanOperations.Parallelism));
        }
        catch (TaskFailedException failed)
        {
            context.SetCustomStatus(new { step = "reclassify", reclassificationFailed = failed.FailureDetails.ErrorMessage });
        }
    }
}
