using Microsoft.Extensions.Logging;
using NCrontab;

namespace DataGovernance.Runtime;

/// <summary>
/// Fires one timer function on schedule. Every instance runs this loop; a blob lease and the persisted schedule
/// status make sure an occurrence runs on one instance only, once. At start it runs a missed occurrence (past due:
/// the status names an occurrence that nobody ran) or, when asked to, runs once on startup. It sleeps until the
/// next occurrence rather than polling.
/// </summary>
internal sealed class TimerListener(
    FunctionDefinition function,
    TimerTrigger trigger,
    FunctionInvoker invoker,
    TimerScheduleStore statuses,
    BlobSingleton singleton,
    TimeProvider clock,
    ILogger logger)
{
    private readonly CrontabSchedule _schedule = FunctionCatalog.TryParseSchedule(trigger.Schedule)
        ?? throw new InvalidOperationException($"{function.Name}: '{trigger.Schedule}' is not a six-field NCRONTAB schedule.");

    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            await StartAsync(stopping);
            var occurrence = NextAfter(clock.GetUtcNow());
            while (true)
            {
                // A timer may wake a little early; an occurrence never runs before its time.
                TimeSpan wait;
                while ((wait = occurrence - clock.GetUtcNow()) > TimeSpan.Zero)
                {
                    await Task.Delay(wait, clock, stopping);
                }
                await FireAsync(occurrence, isPastDue: false, stopping);
                var now = clock.GetUtcNow();
                occurrence = NextAfter(now > occurrence ? now : occurrence);
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task StartAsync(CancellationToken stopping)
    {
        var now = clock.GetUtcNow();
        TimerScheduleStatus? status;
        try
        {
            status = await statuses.ReadAsync(function.Name, stopping);
            if (status is null)
            {
                await statuses.CreateIfMissingAsync(function.Name, new TimerScheduleStatus(DateTimeOffset.MinValue, NextAfter(now), now), stopping);
            }
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            logger.TimerOccurrenceFailed(ex, function.Name, now);
            return;
        }

        if (status is not null && status.Next < now && status.Last < status.Next)
        {
            logger.TimerPastDue(function.Name, status.Next);
            await FireAsync(status.Next, isPastDue: true, stopping);
        }
        else if (trigger.RunOnStartup)
        {
            await FireAsync(now, isPastDue: false, stopping);
        }
    }

    private async Task FireAsync(DateTimeOffset occurrence, bool isPastDue, CancellationToken stopping)
    {
        try
        {
            await using var lease = await singleton.TryAcquireAsync($"timers/{function.Name}", stopping);
            var status = lease is null ? null : await statuses.ReadAsync(function.Name, stopping);
            if (lease is null || (status is not null && status.Last >= occurrence))
            {
                logger.TimerOccurrenceSkipped(function.Name, occurrence);
                return;
            }
            try
            {
                await invoker.InvokeAsync(function, new TimerInfo(trigger.Schedule, status, isPastDue), stopping);
            }
            catch (Exception) when (!stopping.IsCancellationRequested)
            {
                // Logged by the invoker. Like Functions, a failed occurrence is not retried: the schedule moves on.
            }
            var now = clock.GetUtcNow();
            await statuses.WriteAsync(function.Name, new TimerScheduleStatus(occurrence, NextAfter(now > occurrence ? now : occurrence), now), CancellationToken.None);
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            logger.TimerOccurrenceFailed(ex, function.Name, occurrence);
        }
    }

    private DateTimeOffset NextAfter(DateTimeOffset instant) =>
        new(DateTime.SpecifyKind(_schedule.GetNextOccurrence(instant.UtcDateTime), DateTimeKind.Utc));
}
