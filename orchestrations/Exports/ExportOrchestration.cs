using DataGovernance.Exports;

namespace DataGovernance.Orchestrations.Exports;

/// <summary>What the starter hands an export job's orchestration.</summary>
public sealed record ExportJobInput(string TenantId, string ExportId, ExportFile? File = null, string? Reason = null);

/// <summary>
/// One export job: write the file (one idempotent step that replaces the file when retried) → record its count, size,
/// SHA-256 and expiry. A step that keeps failing ends the job as Failed with the reason, never silently half-done.
/// </summary>
public sealed class ExportOrchestration : TaskOrchestrator<ExportJobInput, ExportStatus>
{
    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2));

    public override async Task<ExportStatus> RunAsync(TaskOrchestrationContext context, ExportJobInput input)
    {
        try
        {
            context.SetCustomStatus(new { step = "write" });
            var file = await context.CallActivityAsync<ExportFile>(nameof(WriteExportFile), input, StepRetry);
            context.SetCustomStatus(new { step = "complete" });
            return await context.CallActivityAsync<ExportStatus>(nameof(CompleteExport), input with { File = file }, StepRetry);
        }
        catch (TaskFailedException failed)
        {
            var reason = failed.FailureDetails.InnerFailure?.ErrorMessage ?? failed.FailureDetails.ErrorMessage;
            return await context.CallActivityAsync<ExportStatus>(nameof(FailExport), input with { Reason = reason }, StepRetry);
        }
    }
}

/// <summary>Writes the job's file into the exports container (see <see cref="ExportJob"/>).</summary>
public sealed class WriteExportFile(ExportJob job) : TaskActivity<ExportJobInput, ExportFile>
{
    public override Task<ExportFile> RunAsync(TaskActivityContext context, ExportJobInput input) =>
        job.WriteFileAsync(input.TenantId, input.ExportId, context.CancellationToken);
}

public sealed class CompleteExport(ExportService exports) : TaskActivity<ExportJobInput, ExportStatus>
{
    public override async Task<ExportStatus> RunAsync(TaskActivityContext context, ExportJobInput input) =>
        (await exports.CompleteAsync(input.TenantId, input.ExportId, input.File!, context.CancellationToken))?.Status ?? ExportStatus.Failed;
}

public sealed class FailExport(ExportService exports) : TaskActivity<ExportJobInput, ExportStatus>
{
    public override async Task<ExportStatus> RunAsync(TaskActivityContext context, ExportJobInput input) =>
        (await exports.FailAsync(input.TenantId, input.ExportId, input.Reason ?? "A step failed.", context.CancellationToken))?.Status ?? ExportStatus.Failed;
}
