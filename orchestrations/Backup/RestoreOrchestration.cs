using DataGovernance.Backup;
using DataGovernance.Classification;
using DataGovernance.Orchestrations.Classification;
using DataGovernance.Records;

namespace DataGovernance.Orchestrations.Backup;

/// <summary>What the starter hands a restore: which request, and the time limits from the settings.</summary>
public sealed record RestoreInput(string TenantId, string RestoreId, TimeSpan ApprovalTimeout, TimeSpan ReplacedGenerationGrace);

/// <summary>What one step of a restore works on; each step reads the fields it needs.</summary>
public sealed record RestoreStepInput(
    string TenantId,
    string RestoreId,
    DateTimeOffset? ApprovalDeadline = null,
    FrozenHead? Frozen = null,
    DateTimeOffset? AppliedAt = null,
    BuiltGeneration? Built = null,
    RestoreStatus? Outcome = null,
    string? Reason = null);

/// <summary>
/// One restore: assess the impact → wait for a second administrator (or the time limit) → freeze writes →
/// snapshot the tenant as it is (a BeforeRestore restore point) → build the next generation → switch to it in
/// one write → record the outcome → after a grace period delete the replaced generation. A failure before the
/// switch abandons the build and leaves the tenant exactly as it was.
/// </summary>
public sealed class RestoreOrchestration : TaskOrchestrator<RestoreInput, RestoreStatus>
{
    public const string DecisionEvent = "RestoreDecision";

    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2));

    public override async Task<RestoreStatus> RunAsync(TaskOrchestrationContext context, RestoreInput input)
    {
        var step = new RestoreStepInput(input.TenantId, input.RestoreId);
        context.SetCustomStatus(new { step = "assess" });
        await context.CallActivityAsync<bool>(nameof(AssessRestore), step with { ApprovalDeadline = context.CurrentUtcDateTime.Add(input.ApprovalTimeout) }, StepRetry);

        context.SetCustomStatus(new { step = "await-approval" });
        RestoreDecision decision;
        try
        {
            decision = await context.WaitForExternalEvent<RestoreDecision>(DecisionEvent, input.ApprovalTimeout);
        }
        catch (TaskCanceledException)
        {
            return await context.CallActivityAsync<RestoreStatus>(nameof(CloseRestore), step with
            {
                Outcome = RestoreStatus.Expired,
                Reason = $"No second administrator approved the restore within {input.ApprovalTimeout}.",
            }, StepRetry);
        }
        if (!decision.Approved)
        {
            return await context.CallActivityAsync<RestoreStatus>(nameof(CloseRestore), step with { Outcome = RestoreStatus.Rejected }, StepRetry);
        }

        FrozenHead? frozen = null;
        BuiltGeneration built;
        try
        {
            context.SetCustomStatus(new { step = "freeze" });
            frozen = await context.CallActivityAsync<FrozenHead>(nameof(FreezeRecords), step, StepRetry);
            context.SetCustomStatus(new { step = "snapshot" });
            await context.CallActivityAsync<string>(nameof(TakeBeforeRestoreSnapshot), step with { Frozen = frozen }, StepRetry);
            context.SetCustomStatus(new { step = "build" });
            built = await context.CallActivityAsync<BuiltGeneration>(nameof(BuildGeneration), step with { Frozen = frozen, AppliedAt = context.CurrentUtcDateTime }, StepRetry);
            context.SetCustomStatus(new { step = "switch" });
            await context.CallActivityAsync<bool>(nameof(SwitchGeneration), step with { Frozen = frozen, Built = built }, StepRetry);
        }
        catch (TaskFailedException failed)
        {
            var reason = failed.FailureDetails.InnerFailure?.ErrorMessage ?? failed.FailureDetails.ErrorMessage;
            return await context.CallActivityAsync<RestoreStatus>(nameof(AbandonRestore), step with { Frozen = frozen, Reason = reason }, StepRetry);
        }

        context.SetCustomStatus(new { step = "cleanup" });
        await context.CallActivityAsync<RestoreStatus>(nameof(CompleteRestore), step with { Frozen = frozen, Built = built }, StepRetry);
        await ReclassifyAsync(context, input.TenantId);
        await context.CreateTimer(input.ReplacedGenerationGrace, CancellationToken.None);
        await context.CallActivityAsync<long>(nameof(DeleteReplacedGeneration), step with { Frozen = frozen }, StepRetry);
        return RestoreStatus.Succeeded;
    }

    /// <summary>
    /// Restored records come back beside the record service, so no write queued their classification: a re-scan brings the
    /// results and the subject index, which erasure finds people by, in line with them. The restore itself has succeeded
    /// by now, so a failed re-scan is shown, not undone; starting another repairs it.
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
