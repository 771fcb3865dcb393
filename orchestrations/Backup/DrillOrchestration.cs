using DataGovernance.Backup;

namespace DataGovernance.Orchestrations.Backup;

public sealed record DrillCollectionInput(DrillPlan Plan, string Collection);

public sealed record DrillVerifyInput(DrillPlan Plan, CollectionRestore Restored);

/// <summary>
/// One restore drill: check the manifest → restore each collection into the drill's scratch partition → verify
/// counts and chunk hashes → (RTO = start to verified) → discard the scratch partition, also after a failure →
/// write and sign the report. A failed step fails the drill, not the orchestration.
/// </summary>
public sealed class DrillOrchestration : TaskOrchestrator<DrillPlan, RestoreDrill>
{
    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2));
    private static readonly TaskOptions CleanupRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(6, TimeSpan.FromSeconds(2), 2));

    public override async Task<RestoreDrill> RunAsync(TaskOrchestrationContext context, DrillPlan plan)
    {
        var startedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
        ManifestCheck? manifest = null;
        DateTimeOffset? verifiedAt = null;
        var checks = new List<CollectionCheck>();
        var problems = new List<DrillFinding>();
        try
        {
            context.SetCustomStatus(new { step = "check-manifest" });
            manifest = await context.CallActivityAsync<ManifestCheck>(nameof(CheckDrillManifest), plan, StepRetry);
            if (manifest.Problems.Count == 0)
            {
                var restored = new List<CollectionRestore>();
                foreach (var collection in manifest.Collections)
                {
                    context.SetCustomStatus(new { step = "restore", collection });
                    restored.Add(await context.CallActivityAsync<CollectionRestore>(nameof(RestoreIntoScratch), new DrillCollectionInput(plan, collection), StepRetry));
                }
                foreach (var collection in restored)
                {
                    context.SetCustomStatus(new { step = "verify", collection = collection.Name });
                    checks.Add(await context.CallActivityAsync<CollectionCheck>(nameof(VerifyScratch), new DrillVerifyInput(plan, collection), StepRetry));
                }
                verifiedAt = new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero);
            }
        }
        catch (TaskFailedException failed)
        {
            var cause = failed.FailureDetails.InnerFailure ?? failed.FailureDetails;
            problems.Add(new DrillFinding("drill-step-failed", $"{failed.TaskName} failed: {cause.ErrorMessage}"));
        }

        context.SetCustomStatus(new { step = "discard" });
        var discarded = await context.CallActivityAsync<long>(nameof(DiscardScratch), plan, CleanupRetry);

        context.SetCustomStatus(new { step = "report" });
        var result = new DrillResult(plan, startedAt, verifiedAt, new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero), manifest, checks, problems, discarded);
        return await context.CallActivityAsync<RestoreDrill>(nameof(RecordDrillReport), result, StepRetry);
    }
}
