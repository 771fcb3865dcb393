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

    /// <summary>
    /// Starts what is due at <paramref name="now"/>; returns how many runs it started. A schedule whose start fails is
    /// logged and still moved on to its next occurrence, so it neither stops the others nor is retried every minute.
    /// </summary>
    public async Task<int> RunDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var started = 0;
        await foreach (var (tenantId, schedule, etag) in schedules.DueAsync(now, cancellationToken))
        {
            // The row is read again after the query: another pass may have moved it on meanwhile.
            if (ScheduleCron.Parse(schedule.Cron) is not { } cron || schedule.NextRunAt is not { } due || due > now)
            {
                continue;
            }
            try
            {
                if (await StartDueAsync(tenantId, schedule, ScheduleCron.LatestBetween(cron, due, now) ?? due, cancellationToken))
                {
                    started++;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogStartFailed(tenantId, schedule.Id, ex.GetType().Name);
            }
            try
            {
                // A conflict means the schedule was edited meanwhile; the edit chose its own next occurrence.
                await schedules.ReplaceAsync(tenantId, schedule with { NextRunAt = ScheduleCron.NextAfter(cron, now) }, etag, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogAdvanceFailed(tenantId, schedule.Id, ex.GetType().Name);
            }
        }
        return started;
    }

    private async Task<bool> StartDueAsync(string tenantId, ReportSchedule schedule, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        if (await tenants.GetAsync(tenantId, cancellationToken) is not { Status: TenantStatus.Active }
            || !await operations.StartAsync(tenantId, schedule, occurrence, cancellationToken))
        {
            return false;
        }
        LogStarted(tenantId, schedule.Id, occurrence);
        return true;
    }

    // Only ids and the exception's type: messages of storage errors may quote the data they were about.
    [LoggerMessage(EventId = 4612, Level = LogLevel.Error, Message = "The run of schedule {ScheduleId} of tenant {TenantId} could not start ({ErrorType}); it waits for its next occurrence")]
    private partial void LogStartFailed(string tenantId, string scheduleId, string errorType);

    [LoggerMessage(EventId = 4613, Level = LogLevel.Error, Message = "Schedule {ScheduleId} of tenant {TenantId} could not be moved on to its next occurrence ({ErrorType})")]
    private partial void LogAdvanceFailed(string tenantId, string scheduleId, string errorType);

    [LoggerMessage(EventId = 4611, Level = LogLevel.Information, Message = "Started the run of schedule {ScheduleId} of tenant {TenantId} for {Occurrence}")]
    private partial void LogStarted(string tenantId, string scheduleId, DateTimeOffset occurrence);
}
