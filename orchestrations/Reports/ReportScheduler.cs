using DataGovernance.Schedules;
using DataGovernance.Tenancy;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Reports;

/// <summary>
/// Runs every minute, on one instance at a time: for each enabled report or export schedule whose next occurrence has
/// come, starts the run of its latest due occurrence (missed ones are not caught up one by one) and moves the schedule
/// on to its next occurrence. Run ids come from the occurrence, so a timer that fires twice starts nothing twice.
/// </summary>
public sealed partial class ReportScheduler(
    ReportScheduleStore schedules, ScheduledRunOperations operations, TenantLookup tenants, TimeProvider clock, ILogger<ReportScheduler> logger)
{
    public const string FunctionName = "RunReportSchedules";
    public const string Schedule = "0 * * * * *";

    public Task<int> RunAsync(CancellationToken cancellationToken) => RunDueAsync(clock.GetUtcNow(), cancellationToken);

    /// <summary>Starts what is due at <paramref name="now"/>; returns how many runs it started.</summary>
    public async Task<int> RunDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = 0;
        await foreach (var (tenantId, schedule, etag) in schedules.DueAsync(now, cancellationToken))
        {
            if (ScheduleCron.Parse(schedule.Cron) is not { } cron || schedule.NextRunAt is not { } due)
            {
                continue;
            }
            var occurrence = ScheduleCron.LatestBetween(cron, due, now) ?? due;
            if (await tenants.GetAsync(tenantId, cancellationToken) is { Status: TenantStatus.Active }
                && await operations.StartAsync(tenantId, schedule, occurrence, cancellationToken))
            {
                started++;
                LogStarted(tenantId, schedule.Id, occurrence);
            }
            // A conflict means the schedule was edited meanwhile; the edit chose its own next occurrence.
            await schedules.ReplaceAsync(tenantId, schedule with { NextRunAt = ScheduleCron.NextAfter(cron, now) }, etag, cancellationToken);
        }
        return started;
    }

    [LoggerMessage(EventId = 4611, Level = LogLevel.Information, Message = "Started the run of schedule {ScheduleId} of tenant {TenantId} for {Occurrence}")]
    private partial void LogStarted(string tenantId, string scheduleId, DateTimeOffset occurrence);
}
