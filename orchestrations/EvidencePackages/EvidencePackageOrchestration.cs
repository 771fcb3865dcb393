using DataGovernance.EvidencePackages;

namespace DataGovernance.Orchestrations.EvidencePackages;

/// <summary>Which package to build.</summary>
public sealed record EvidencePackageInput(string TenantId, string PackageId);

/// <summary>A step of the package's chain of custody, as the workflow saw it happen.</summary>
public sealed record EvidencePackageStepInput(string TenantId, string PackageId, string Step, DateTimeOffset At);

/// <summary>What the closing step records.</summary>
public sealed record EvidencePackageFinish(string TenantId, string PackageId, EvidencePackageOutcome Outcome, DateTimeOffset At);

/// <summary>
/// One evidence package: note that building started → write the ZIP (report, files, custody, signed manifest) in one
/// step, which a retry repeats from the start → record it Completed, or Failed with the reason (a file that no longer
/// matches its hash, a report that cannot be built, a step that keeps failing).
/// </summary>
public sealed class EvidencePackageOrchestration : TaskOrchestrator<EvidencePackageInput, EvidencePackageStatus>
{
    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(4, TimeSpan.FromSeconds(2), 2));

    public override async Task<EvidencePackageStatus> RunAsync(TaskOrchestrationContext context, EvidencePackageInput input)
    {
        EvidencePackageOutcome outcome;
        try
        {
            context.SetCustomStatus(new { step = "building" });
            await context.CallActivityAsync<bool>(nameof(RecordEvidencePackageStep),
                new EvidencePackageStepInput(input.TenantId, input.PackageId, "Building", Now(context)), StepRetry);
            context.SetCustomStatus(new { step = "writing" });
            outcome = await context.CallActivityAsync<EvidencePackageOutcome>(nameof(WriteEvidencePackage), input, StepRetry);
        }
        catch (TaskFailedException failed)
        {
            outcome = new EvidencePackageOutcome(null, failed.FailureDetails.InnerFailure?.ErrorMessage ?? failed.FailureDetails.ErrorMessage);
        }
        context.SetCustomStatus(new { step = outcome.Contents is null ? "failed" : "completed" });
        return await context.CallActivityAsync<EvidencePackageStatus>(nameof(FinishEvidencePackage),
            new EvidencePackageFinish(input.TenantId, input.PackageId, outcome, Now(context)), StepRetry);
    }

    private static DateTimeOffset Now(TaskOrchestrationContext context) => new(context.CurrentUtcDateTime.Ticks, TimeSpan.Zero);
}
