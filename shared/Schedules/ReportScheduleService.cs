using System.Text.RegularExpressions;
using DataGovernance.Downloads;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.Extensions.Options;

namespace DataGovernance.Schedules;

/// <summary>Creates, reads, replaces and deletes a tenant's report and export schedules, and reads their runs.</summary>
public sealed partial class ReportScheduleService(
    ReportScheduleStore schedules, ScheduledRunStore runs, DownloadLinks links, IOptions<ReportScheduleOptions> options, TimeProvider clock)
{
    /// <summary>
    /// A schedule of an export starts exports in the tenant's name for as long as it lives, so creating, replacing or
    /// turning a schedule into one needs <see cref="Permission.ExportsManage"/> besides reports.manage.
    /// </summary>
    public static Failure ExportsManageRequired { get; } = new(FailureKind.Forbidden, "exports-manage-required",
        $"A schedule of kind export also needs the '{Permission.ExportsManage.ToScope()}' permission.");

    public async Task<Result<ReportSchedule>> CreateAsync(
        string tenantId, ScheduleRequest request, Caller caller, WriteContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var valid = ReportScheduleValidator.Validate(request, options.Value.MinimumInterval, now);
        if (!valid.Succeeded)
        {
            return valid.Failure;
        }
        if (valid.Value.Kind == ScheduleKind.Export && !caller.Has(Permission.ExportsManage))
        {
            return ExportsManageRequired;
        }
        if (await schedules.CountAsync(tenantId, cancellationToken) >= options.Value.MaxSchedulesPerTenant)
        {
            return Failure.Conflict("schedule-limit-reached", $"A tenant keeps at most {options.Value.MaxSchedulesPerTenant} schedules; delete one first.");
        }
        var v = valid.Value;
        var schedule = new ReportSchedule(Guid.CreateVersion7(now).ToString("N"), v.Name, v.Kind, v.Cron, v.Enabled, v.Framework, v.ReportFormat, v.Export,
            NextRun(v.Cron, v.Enabled, now), 1, now, context.Actor.Id, now, context.Actor.Id);
        return await schedules.AddAsync(tenantId, schedule, cancellationToken);
    }

    public async Task<Result<ReportSchedule>> GetAsync(string tenantId, string scheduleId, CancellationToken cancellationToken) =>
        await FindAsync(tenantId, scheduleId, cancellationToken) is { } found ? found.Schedule : NotFound(scheduleId);

    public async Task<Result<Page<ReportSchedule>>> ListAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("report-schedules", tenantId);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await schedules.ListAsync(tenantId, pageSize, sdkToken, cancellationToken);
        return new Page<ReportSchedule>(items, ContinuationToken.Encode(next, scope));
    }

    /// <summary>Replaces the schedule; a changed expression or re-enabling counts occurrences from now.</summary>
    public async Task<Result<ReportSchedule>> ReplaceAsync(
        string tenantId, string scheduleId, ScheduleRequest request, long? expectedVersion, Caller caller, WriteContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, scheduleId, cancellationToken) is not { } found)
        {
            return NotFound(scheduleId);
        }
        if (expectedVersion is { } expected && found.Schedule.Version != expected)
        {
            return Failure.PreconditionFailed($"The schedule is at version {found.Schedule.Version}, not {expected}.");
        }
        var now = clock.GetUtcNow();
        var valid = ReportScheduleValidator.Validate(request, options.Value.MinimumInterval, now);
        if (!valid.Succeeded)
        {
            return valid.Failure;
        }
        var v = valid.Value;
        var current = found.Schedule;
        if ((v.Kind == ScheduleKind.Export || current.Kind == ScheduleKind.Export) && !caller.Has(Permission.ExportsManage))
        {
            return ExportsManageRequired;
        }
        var nextRunAt = v.Cron == current.Cron && v.Enabled && current.Enabled ? current.NextRunAt : NextRun(v.Cron, v.Enabled, now);
        var replaced = current with
        {
            Name = v.Name, Kind = v.Kind, Cron = v.Cron, Enabled = v.Enabled, Framework = v.Framework, ReportFormat = v.ReportFormat, Export = v.Export,
            NextRunAt = nextRunAt, Version = current.Version + 1, UpdatedAt = now, UpdatedBy = context.Actor.Id,
        };
        return await schedules.ReplaceAsync(tenantId, replaced, found.ETag, cancellationToken);
    }

    /// <summary>Deletes the schedule; its runs and their reports stay, as history. An export schedule also needs exports.manage.</summary>
    public async Task<Result<bool>> DeleteAsync(string tenantId, string scheduleId, long? expectedVersion, Caller caller, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, scheduleId, cancellationToken) is not { } found)
        {
            return NotFound(scheduleId);
        }
        if (found.Schedule.Kind == ScheduleKind.Export && !caller.Has(Permission.ExportsManage))
        {
            return ExportsManageRequired;
        }
        if (expectedVersion is { } expected && found.Schedule.Version != expected)
        {
            return Failure.PreconditionFailed($"The schedule is at version {found.Schedule.Version}, not {expected}.");
        }
        return await schedules.DeleteAsync(tenantId, scheduleId, found.ETag, cancellationToken);
    }

    public async Task<Result<Page<ScheduledRun>>> ListRunsAsync(
        string tenantId, string scheduleId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, scheduleId, cancellationToken) is null)
        {
            return NotFound(scheduleId);
        }
        var scope = ContinuationToken.Scope("scheduled-runs", tenantId, scheduleId);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await runs.ListAsync(tenantId, scheduleId, pageSize, sdkToken, cancellationToken);
        return new Page<ScheduledRun>(items, ContinuationToken.Encode(next, scope));
    }

    public async Task<Result<ScheduledRun>> GetRunAsync(string tenantId, string scheduleId, string runId, CancellationToken cancellationToken) =>
        IdPattern().IsMatch(scheduleId) && IdPattern().IsMatch(runId) && await runs.GetAsync(tenantId, scheduleId, runId, cancellationToken) is { } found
            ? found.Run
            : Failure.NotFound($"Schedule {scheduleId} has no run {runId}.");

    /// <summary>A new expiring link to the report a run wrote; 409 <c>run-has-no-report</c> for a run without one (an export, a failure, not yet done).</summary>
    public async Task<Result<DownloadLink>> DownloadLinkAsync(string tenantId, string scheduleId, string runId, Actor requester, CancellationToken cancellationToken)
    {
        var run = await GetRunAsync(tenantId, scheduleId, runId, cancellationToken);
        if (!run.Succeeded)
        {
            return run.Failure;
        }
        if (run.Value.Output is not { } output)
        {
            return Failure.Conflict("run-has-no-report", $"Run {runId} has no report to download (it is {run.Value.Status}, of kind {run.Value.Kind}).");
        }
        return links.Create(new DownloadTarget(tenantId, output.Container, output.BlobName, output.FileName, output.ContentType, "scheduled-report"), requester);
    }

    /// <summary>The first occurrence after <paramref name="now"/>, or null for a disabled schedule.</summary>
    public static DateTimeOffset? NextRun(string cron, bool enabled, DateTimeOffset now) =>
        enabled && ScheduleCron.Parse(cron) is { } schedule ? ScheduleCron.NextAfter(schedule, now) : null;

    private async Task<(ReportSchedule Schedule, Azure.ETag ETag)?> FindAsync(string tenantId, string scheduleId, CancellationToken cancellationToken) =>
        IdPattern().IsMatch(scheduleId) ? await schedules.GetAsync(tenantId, scheduleId, cancellationToken) : null;

    private static Failure NotFound(string scheduleId) => Failure.NotFound($"Schedule {scheduleId} does not exist.");

    [GeneratedRegex("^[A-Za-z0-9-]{1,64}$")]
    private static partial Regex IdPattern();
}
