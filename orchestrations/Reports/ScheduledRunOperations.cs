using DataGovernance.Schedules;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Reports;

/// <summary>Opens the run of a schedule's occurrence and starts its orchestration, once per occurrence.</summary>
public sealed class ScheduledRunOperations(ScheduledRunService runs, DurableTaskClient client, IOptions<ReportScheduleOptions> options)
{
    public static string InstanceId(string tenantId, string scheduleId, string runId) => $"scheduled-run:{tenantId}:{scheduleId}:{runId}";

    /// <summary>Starts the run of <paramref name="occurrence"/>; false when that occurrence was started before.</summary>
    public async Task<bool> StartAsync(string tenantId, ReportSchedule schedule, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var runId = ScheduledRun.IdFor(occurrence);
        var instanceId = InstanceId(tenantId, schedule.Id, runId);
        if (await runs.OpenAsync(tenantId, schedule, occurrence, cancellationToken) is null)
        {
            // Opened before: start it only if that start was lost (a crash between opening the run and starting it).
            if (await runs.GetAsync(tenantId, schedule.Id, runId, cancellationToken) is not { Status: RunStatus.Pending }
                || await client.GetInstanceAsync(instanceId, cancellation: cancellationToken) is not null)
            {
                return false;
            }
        }
        var input = new ScheduledRunInput(tenantId, schedule.Id, runId, schedule.Kind, schedule.Framework, schedule.ReportFormat, schedule.Export,
            options.Value.ExportPollInterval, options.Value.ExportTimeout);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ScheduledRunOrchestration), input,
                StartOrchestrationOptions.ForTenant(tenantId, instanceId), cancellationToken);
            return true;
        }
        catch (InvalidOperationException)
        {
            // Another scheduler instance started the same occurrence first.
            if (await client.GetInstanceAsync(instanceId, cancellation: cancellationToken) is not null)
            {
                return false;
            }
            throw;
        }
    }
}
