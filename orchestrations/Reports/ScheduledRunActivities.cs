using DataGovernance.Exports;
using DataGovernance.Schedules;

namespace DataGovernance.Orchestrations.Reports;

public sealed class MarkScheduledRunStarted(ScheduledRunService runs) : TaskActivity<ScheduledRunStep, ScheduledRun>
{
    public override Task<ScheduledRun> RunAsync(TaskActivityContext context, ScheduledRunStep input) =>
        runs.MarkStartedAsync(input.TenantId, input.ScheduleId, input.RunId, input.At!.Value, context.CancellationToken);
}

/// <summary>Builds the report as of now and writes it to the run's blob.</summary>
public sealed class WriteScheduledReport(ScheduledRunService runs) : TaskActivity<ScheduledRunInput, RunOutput>
{
    public override Task<RunOutput> RunAsync(TaskActivityContext context, ScheduledRunInput input) =>
        runs.WriteReportAsync(input.TenantId, input.ScheduleId, input.RunId, input.Framework!, input.ReportFormat!.Value, context.CancellationToken);
}

public sealed class StartScheduledExport(ScheduledRunService runs) : TaskActivity<ScheduledRunInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, ScheduledRunInput input) =>
        runs.StartExportAsync(input.TenantId, input.ScheduleId, input.RunId, input.Export!, context.CancellationToken);
}

public sealed class CheckScheduledExport(ScheduledRunService runs) : TaskActivity<ScheduledExportCheck, ExportStatus>
{
    public override Task<ExportStatus> RunAsync(TaskActivityContext context, ScheduledExportCheck input) =>
        runs.ExportStatusAsync(input.TenantId, input.ExportId, context.CancellationToken);
}

public sealed class CompleteScheduledRun(ScheduledRunService runs) : TaskActivity<ScheduledRunStep, ScheduledRun>
{
    public override Task<ScheduledRun> RunAsync(TaskActivityContext context, ScheduledRunStep input) =>
        runs.CompleteAsync(input.TenantId, input.ScheduleId, input.RunId, input.Output, input.At!.Value, context.CancellationToken);
}

public sealed class FailScheduledRun(ScheduledRunService runs) : TaskActivity<ScheduledRunStep, ScheduledRun>
{
    public override Task<ScheduledRun> RunAsync(TaskActivityContext context, ScheduledRunStep input) =>
        runs.FailAsync(input.TenantId, input.ScheduleId, input.RunId, input.Reason ?? "A step failed.", input.At!.Value, context.CancellationToken);
}

/// <summary>Publishes the run's Event Grid-schema notification, once.</summary>
public sealed class NotifyScheduledRun(ScheduledRunService runs) : TaskActivity<ScheduledRunStep, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ScheduledRunStep input)
    {
        await runs.NotifyAsync(input.TenantId, input.ScheduleId, input.RunId, context.CancellationToken);
        return true;
    }
}
