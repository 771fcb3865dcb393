using DataGovernance.Exports;
using DataGovernance.Reports;
using DataGovernance.Schedules;

namespace DataGovernance.Orchestrations.Reports;

/// <summary>
/// What the starter hands a scheduled run: the schedule as it was at the occurrence (a later edit does not change a run
/// under way) and the export limits from the settings; when the run continues as new, the export it follows.
/// </summary>
public sealed record ScheduledRunInput(
    string TenantId, string ScheduleId, string RunId, ScheduleKind Kind, string? Framework, ReportFormat? ReportFormat, ExportRequest? Export,
    TimeSpan MaxPollInterval, TimeSpan ExportTimeout)
{
    public string? ExportId { get; init; }

    public DateTimeOffset? WaitingSince { get; init; }

    public TimeSpan PollDelay { get; init; }
}

/// <summary>What the bookkeeping steps of a run work on.</summary>
public sealed record ScheduledRunStep(string TenantId, string ScheduleId, string RunId, RunOutput? Output = null, DateTimeOffset? At = null, string? Reason = null);

/// <summary>The export a run follows.</summary>
public sealed record ScheduledExportCheck(string TenantId, string ExportId);

/// <summary>
/// One scheduled run: mark it started → write the report to blob storage, or start the export and check on it with
/// durable timers (2 s, doubling up to the configured pause) until it completes, fails or has expired → record how it ended →
/// publish the notification. Every step is idempotent; a step that keeps failing ends the run as Failed with the
/// reason, and the failure is notified too.
/// </summary>
public sealed class ScheduledRunOrchestration : TaskOrchestrator<ScheduledRunInput, RunStatus>
{
    public const int ChecksPerEpisode = 50;

    private static readonly TimeSpan FirstPollDelay = TimeSpan.FromSeconds(2);

    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), 2));

    public override async Task<RunStatus> RunAsync(TaskOrchestrationContext context, ScheduledRunInput input)
    {
        var step = new ScheduledRunStep(input.TenantId, input.ScheduleId, input.RunId);
        RunStatus status;
        try
        {
            if (input.ExportId is null)
            {
                await context.CallActivityAsync<ScheduledRun>(nameof(MarkScheduledRunStarted), step with { At = Now(context) }, StepRetry);
            }
            if (input.Kind == ScheduleKind.Report)
            {
                context.SetCustomStatus(new { step = "report" });
                var output = await context.CallActivityAsync<RunOutput>(nameof(WriteScheduledReport), input, StepRetry);
                status = await EndAsync(context, nameof(CompleteScheduledRun), step with { Output = output });
            }
            else
            {
                var outcome = await FollowExportAsync(context, input);
                if (outcome is null)
                {
                    return RunStatus.Running;
                }
                status = outcome == ExportStatus.Completed
                    ? await EndAsync(context, nameof(CompleteScheduledRun), step)
                    : await EndAsync(context, nameof(FailScheduledRun), step with
                    {
                        Reason = outcome switch
                        {
                            ExportStatus.Failed => "The export failed.",
                            ExportStatus.Expired => "The export expired (its file was deleted) before the run saw it complete.",
                            _ => $"The export did not finish within {input.ExportTimeout}.",
                        },
                    });
            }
        }
        catch (TaskFailedException failed)
        {
            var reason = failed.FailureDetails.InnerFailure?.ErrorMessage ?? failed.FailureDetails.ErrorMessage;
            status = await EndAsync(context, nameof(FailScheduledRun), step with { Reason = reason });
        }
        context.SetCustomStatus(new { step = "notify" });
        await context.CallActivityAsync(nameof(NotifyScheduledRun), step, StepRetry);
        return status;
    }

    /// <summary>The export's end state (Completed, Failed or Expired; Running when it timed out), or null when the run continued as new to keep checking.</summary>
    private static async Task<ExportStatus?> FollowExportAsync(TaskOrchestrationContext context, ScheduledRunInput input)
    {
        var exportId = input.ExportId ?? await context.CallActivityAsync<string>(nameof(StartScheduledExport), input, StepRetry);
        var since = input.WaitingSince ?? Now(context);
        var delay = input.PollDelay > TimeSpan.Zero ? input.PollDelay : FirstPollDelay;
        for (var checks = 0; ; checks++)
        {
            context.SetCustomStatus(new { step = "export", exportId, checks });
            var status = await context.CallActivityAsync<ExportStatus>(nameof(CheckScheduledExport), new ScheduledExportCheck(input.TenantId, exportId), StepRetry);
            if (status is ExportStatus.Completed or ExportStatus.Failed or ExportStatus.Expired)
            {
                return status;
            }
            if (Now(context) - since >= input.ExportTimeout)
            {
                return ExportStatus.Running;
            }
            if (checks == ChecksPerEpisode)
            {
                context.ContinueAsNew(input with { ExportId = exportId, WaitingSince = since, PollDelay = delay });
                return null;
            }
            await context.CreateTimer(delay, CancellationToken.None);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, input.MaxPollInterval.Ticks));
        }
    }

    private static async Task<RunStatus> EndAsync(TaskOrchestrationContext context, string activity, ScheduledRunStep step) =>
        (await context.CallActivityAsync<ScheduledRun>(activity, step with { At = Now(context) }, StepRetry)).Status;

    private static DateTimeOffset Now(TaskOrchestrationContext context) => new(context.CurrentUtcDateTime.Ticks, TimeSpan.Zero);
}
