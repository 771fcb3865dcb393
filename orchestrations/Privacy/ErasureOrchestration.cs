using DataGovernance.Privacy;

namespace DataGovernance.Orchestrations.Privacy;

/// <summary>What the starter hands an erasure: which request, and how long the plan may wait for approval (from the settings).</summary>
public sealed record ErasureInput(string TenantId, string RequestId, TimeSpan ApprovalTimeout);

/// <summary>What one step of an erasure works on.</summary>
public sealed record ErasureStepInput(string TenantId, string RequestId, IReadOnlyList<RecordReference>? Batch = null, string? Reason = null, TimeSpan? Waited = null);

/// <summary>
/// One erasure: discover the subject's records and check legal holds (the plan) → wait for a data protection
/// officer's approval → erase or pseudonymise record by record (ledger entry first) → delete the tenant's import files
/// (working copies that may hold the subject) → write the ledger to the secondary region → issue the signed
/// certificate → complete the request. A resumed erasure skips what is done: an approved plan is not approved again
/// and erased records are not written again. A failing step marks the
/// erasure Failed with its reason and fails the orchestration; starting the erasure again continues from there.
/// </summary>
public sealed class ErasureOrchestration : TaskOrchestrator<ErasureInput, ErasureStatus>
{
    public const int BatchSize = 10;

    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(1), 2));

    public override async Task<ErasureStatus> RunAsync(TaskOrchestrationContext context, ErasureInput input)
    {
        var step = new ErasureStepInput(input.TenantId, input.RequestId);
        try
        {
            context.SetCustomStatus(new { step = "plan" });
            var plan = await context.CallActivityAsync<ErasurePlan>(nameof(PlanErasure), step, StepRetry);
            if (!plan.Approved)
            {
                context.SetCustomStatus(new { step = "await-approval" });
                bool approved;
                try
                {
                    approved = (await context.WaitForExternalEvent<ErasureDecision>(ErasureDecision.EventName, input.ApprovalTimeout)).Approved;
                }
                catch (TaskCanceledException)
                {
                    // A decision stored just before the wait ran out stands: its event came too late to be received.
                    var status = await context.CallActivityAsync<ErasureStatus>(nameof(ExpireErasure), step with { Waited = input.ApprovalTimeout }, StepRetry);
                    if (status != ErasureStatus.Erasing)
                    {
                        return status;
                    }
                    approved = true;
                }
                if (!approved)
                {
                    return ErasureStatus.Rejected;
                }
            }

            context.SetCustomStatus(new { step = "erase", records = plan.Pending.Count });
            foreach (var batch in plan.Pending.Chunk(BatchSize))
            {
                await context.CallActivityAsync<int>(nameof(EraseRecords), step with { Batch = batch }, StepRetry);
            }
            context.SetCustomStatus(new { step = "import-files" });
            await context.CallActivityAsync<ErasedImportFiles>(nameof(DeleteTenantImportFiles), step, StepRetry);
            context.SetCustomStatus(new { step = "secondary-region" });
            await context.CallActivityAsync<string>(nameof(ReplicateErasureLedger), step, StepRetry);
            context.SetCustomStatus(new { step = "certificate" });
            await context.CallActivityAsync<ErasureCertificateInfo>(nameof(CertifyErasure), step, StepRetry);
            await context.CallActivityAsync<bool>(nameof(CompleteErasure), step, StepRetry);
            context.SetCustomStatus(new { step = "completed" });
            return ErasureStatus.Completed;
        }
        catch (TaskFailedException failed)
        {
            var reason = $"{failed.TaskName.Name}: {failed.FailureDetails.InnerFailure?.ErrorMessage ?? failed.FailureDetails.ErrorMessage}";
            await context.CallActivityAsync<bool>(nameof(FailErasure), step with { Reason = reason }, StepRetry);
            throw;
        }
    }
}
