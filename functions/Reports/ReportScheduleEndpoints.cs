using DataGovernance.Downloads;
using DataGovernance.Functions.Hosting;
using DataGovernance.Schedules;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Reports;

/// <summary>Reports › schedules: NCRONTAB schedules of compliance reports and data exports, and the history of their runs.</summary>
public static class ReportScheduleEndpoints
{
    public static IEndpointRouteBuilder MapReportSchedules(this IEndpointRouteBuilder app)
    {
        var schedules = app.MapGroup("/api/tenants/{tenantId}/reports/schedules").WithTags("Reports");
        schedules.MapPost("/", CreateAsync).WithName("CreateReportSchedule").RequirePermission(Permission.ReportsManage)
            .WithSummary("Schedule a compliance report (kind report) or a data export (kind export, which also needs exports.manage) on an NCRONTAB expression in UTC");
        schedules.MapGet("/", ListAsync).WithName("ListReportSchedules").RequirePermission(Permission.ReportsRead)
            .WithSummary("List the report and export schedules, paged");
        schedules.MapGet("/{scheduleId}", GetAsync).WithName("GetReportSchedule").RequirePermission(Permission.ReportsRead)
            .WithSummary("Read one schedule, with its next occurrence");
        schedules.MapPut("/{scheduleId}", ReplaceAsync).WithName("ReplaceReportSchedule").RequirePermission(Permission.ReportsManage)
            .WithSummary("Replace a schedule (If-Match required; an export schedule also needs exports.manage)");
        schedules.MapDelete("/{scheduleId}", DeleteAsync).WithName("DeleteReportSchedule").RequirePermission(Permission.ReportsManage)
            .WithSummary("Delete a schedule (If-Match honoured; an export schedule also needs exports.manage); its runs stay as history");
        schedules.MapGet("/{scheduleId}/runs", ListRunsAsync).WithName("ListScheduledRuns").RequirePermission(Permission.ReportsRead)
            .WithSummary("The schedule's runs, oldest first, paged: status, timings, output size and SHA-256, failure reason");
        schedules.MapGet("/{scheduleId}/runs/{runId}", GetRunAsync).WithName("GetScheduledRun").RequirePermission(Permission.ReportsRead)
            .WithSummary("Read one run of a schedule");
        schedules.MapGet("/{scheduleId}/runs/{runId}/download-link", DownloadLinkAsync).WithName("GetScheduledRunDownloadLink").RequirePermission(Permission.ReportsRead)
            .WithSummary("A new expiring link to the report a run wrote (the notification's link lives only minutes)");
        return app;
    }

    private static async Task<Results<Created<ReportSchedule>, ProblemHttpResult>> CreateAsync(
        string tenantId, ScheduleRequest body, RequestContext request, ReportScheduleService schedules, HttpContext http, CancellationToken cancellationToken)
    {
        var created = await schedules.CreateAsync(tenantId, body, request.Caller, request.Write, cancellationToken);
        return Problems.CreatedWithETag(http, created, schedule => $"/api/tenants/{tenantId}/reports/schedules/{schedule.Id}");
    }

    private static async Task<Results<Ok<Page<ReportSchedule>>, ProblemHttpResult>> ListAsync(
        string tenantId, int? pageSize, string? continuationToken, ReportScheduleService schedules, HttpContext http, CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        return Problems.OkOr(http, await schedules.ListAsync(tenantId, size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<Ok<ReportSchedule>, ProblemHttpResult>> GetAsync(
        string tenantId, string scheduleId, ReportScheduleService schedules, HttpContext http, CancellationToken cancellationToken)
    {
        var schedule = await schedules.GetAsync(tenantId, scheduleId, cancellationToken);
        return Problems.OkWithETag(http, schedule);
    }

    private static async Task<Results<Ok<ReportSchedule>, ProblemHttpResult>> ReplaceAsync(
        string tenantId, string scheduleId, ScheduleRequest body, RequestContext request, ReportScheduleService schedules, HttpContext http,
        CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: true);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var replaced = await schedules.ReplaceAsync(tenantId, scheduleId, body, expected.Value, request.Caller, request.Write, cancellationToken);
        return Problems.OkWithETag(http, replaced);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> DeleteAsync(
        string tenantId, string scheduleId, RequestContext request, ReportScheduleService schedules, HttpContext http, CancellationToken cancellationToken)
    {
        var expected = HttpPreconditions.ExpectedVersion(http.Request, required: false);
        if (!expected.Succeeded)
        {
            return Problems.From(http, expected.Failure);
        }
        var deleted = await schedules.DeleteAsync(tenantId, scheduleId, expected.Value, request.Caller, cancellationToken);
        return deleted.Succeeded ? TypedResults.NoContent() : Problems.From(http, deleted.Failure);
    }

    private static async Task<Results<Ok<Page<ScheduledRun>>, ProblemHttpResult>> ListRunsAsync(
        string tenantId, string scheduleId, int? pageSize, string? continuationToken, ReportScheduleService schedules, HttpContext http,
        CancellationToken cancellationToken)
    {
        var size = ListParameters.PageSize(pageSize);
        if (!size.Succeeded)
        {
            return Problems.From(http, size.Failure);
        }
        return Problems.OkOr(http, await schedules.ListRunsAsync(tenantId, scheduleId, size.Value, continuationToken, cancellationToken));
    }

    private static async Task<Results<Ok<DownloadLink>, ProblemHttpResult>> DownloadLinkAsync(
        string tenantId, string scheduleId, string runId, RequestContext request, ReportScheduleService schedules, HttpContext http,
        CancellationToken cancellationToken) =>
        Problems.OkOr(http, await schedules.DownloadLinkAsync(tenantId, scheduleId, runId, request.Caller.Actor, cancellationToken));

    private static async Task<Results<Ok<ScheduledRun>, ProblemHttpResult>> GetRunAsync(
        string tenantId, string scheduleId, string runId, ReportScheduleService schedules, HttpContext http, CancellationToken cancellationToken) =>
        Problems.OkOr(http, await schedules.GetRunAsync(tenantId, scheduleId, runId, cancellationToken));
}
