using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DataGovernance.Exports;
using DataGovernance.Outcomes;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Reports;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Schedules;

/// <summary>
/// The steps of a scheduled run, each safe to repeat: open it for an occurrence, write its report (or start and follow
/// its export), record how it ended, and tell people.
/// </summary>
public sealed class ScheduledRunService(
    ScheduledRunStore runs, ReportScheduleStore schedules, ComplianceReportService reports, ExportService exports, RunNotifications notifications,
    HubStorage storage, TimeProvider clock)
{
    public static readonly Actor Scheduler = Actor.System("report-schedule");

    /// <summary>Opens the run of an occurrence; null when it was opened before.</summary>
    public async Task<ScheduledRun?> OpenAsync(string tenantId, ReportSchedule schedule, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var run = new ScheduledRun(ScheduledRun.IdFor(occurrence), schedule.Id, schedule.Kind, occurrence, RunStatus.Pending, clock.GetUtcNowForStorage());
        return await runs.TryAddAsync(tenantId, run, cancellationToken) ? run : null;
    }

    public async Task<ScheduledRun?> GetAsync(string tenantId, string scheduleId, string runId, CancellationToken cancellationToken) =>
        (await runs.GetAsync(tenantId, scheduleId, runId, cancellationToken))?.Run;

    public Task<ScheduledRun> MarkStartedAsync(string tenantId, string scheduleId, string runId, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, scheduleId, runId, run => run.Status == RunStatus.Pending ? run with { Status = RunStatus.Running, StartedAt = at } : run, cancellationToken);

    /// <summary>Builds the report and writes it to <c>reports/{tenant}/{schedule}/{run}/…</c>, replacing what an interrupted attempt left.</summary>
    public async Task<RunOutput> WriteReportAsync(
        string tenantId, string scheduleId, string runId, string framework, ReportFormat format, CancellationToken cancellationToken)
    {
        var built = await reports.BuildAsync(tenantId, framework, cancellationToken);
        if (!built.Succeeded)
        {
            throw new InvalidOperationException(built.Failure.Detail);
        }
        var fileName = ComplianceReportService.FileName(built.Value, format);
        var blobName = $"{tenantId}/{scheduleId}/{runId}/{fileName}";
        var contentType = ComplianceReportService.ContentType(format);
        var blob = storage.Primary.Container(StorageNames.ReportsContainer).GetBlockBlobClient(blobName);
        await using var upload = await blob.OpenWriteAsync(overwrite: true,
            new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = contentType } }, cancellationToken);
        await using var hashing = new HashingStream(upload, leaveOpen: true);
        await reports.WriteAsync(built.Value, format, hashing, cancellationToken);
        await hashing.FlushAsync(cancellationToken);
        return new RunOutput(StorageNames.ReportsContainer, blobName, fileName, contentType, hashing.Written, hashing.Sha256());
    }

    /// <summary>
    /// Starts the run's export once. The export's id comes from the run, so a repeated step (also one interrupted
    /// between starting the export and recording it on the run) finds the export it started before.
    /// </summary>
    public async Task<string> StartExportAsync(string tenantId, string scheduleId, string runId, ExportRequest request, CancellationToken cancellationToken)
    {
        var run = await GetAsync(tenantId, scheduleId, runId, cancellationToken) ?? throw MissingRun(scheduleId, runId);
        if (run.ExportId is { } started)
        {
            return started;
        }
        var context = new WriteContext(Scheduler, $"scheduled-run:{scheduleId}:{runId}");
        var export = await exports.StartOnceAsync(tenantId, ExportIdFor(scheduleId, run.Occurrence), request, context, cancellationToken);
        if (!export.Succeeded)
        {
            throw new InvalidOperationException($"The export could not start: {export.Failure.Detail}");
        }
        await ChangeAsync(tenantId, scheduleId, runId, current => current with { ExportId = export.Value.Id }, cancellationToken);
        return export.Value.Id;
    }

    /// <summary>The id of the export a run of <paramref name="scheduleId"/> starts for <paramref name="occurrence"/>: export ids' shape, one per run.</summary>
    public static string ExportIdFor(string scheduleId, DateTimeOffset occurrence)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(scheduleId)));
        return $"ex-{occurrence.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)}-s{hash[..16]}";
    }

    public async Task<ExportStatus> ExportStatusAsync(string tenantId, string exportId, CancellationToken cancellationToken)
    {
        var export = await exports.GetAsync(tenantId, exportId, cancellationToken);
        return export.Succeeded ? export.Value.Status : throw new InvalidOperationException($"Export {exportId}: {export.Failure.Detail}");
    }

    public Task<ScheduledRun> CompleteAsync(
        string tenantId, string scheduleId, string runId, RunOutput? output, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, scheduleId, runId, run => run.Status is RunStatus.Completed or RunStatus.Failed
            ? run
            : run with { Status = RunStatus.Completed, Output = output, CompletedAt = at, StartedAt = run.StartedAt ?? at }, cancellationToken);

    public Task<ScheduledRun> FailAsync(string tenantId, string scheduleId, string runId, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        ChangeAsync(tenantId, scheduleId, runId, run => run.Status is RunStatus.Completed or RunStatus.Failed
            ? run
            : run with { Status = RunStatus.Failed, FailureReason = reason, CompletedAt = at, StartedAt = run.StartedAt ?? at }, cancellationToken);

    /// <summary>Publishes the run's notification unless it was published before.</summary>
    public async Task NotifyAsync(string tenantId, string scheduleId, string runId, CancellationToken cancellationToken)
    {
        var run = await GetAsync(tenantId, scheduleId, runId, cancellationToken) ?? throw MissingRun(scheduleId, runId);
        if (run.NotifiedAt is not null)
        {
            return;
        }
        // A schedule deleted while its run was under way still names itself in the notification by id.
        var schedule = (await schedules.GetAsync(tenantId, scheduleId, cancellationToken))?.Schedule
            ?? new ReportSchedule(scheduleId, "(deleted schedule)", run.Kind, "", false, null, null, null, null, 0, run.CreatedAt, "", run.CreatedAt, "");
        var now = clock.GetUtcNowForStorage();
        await notifications.PublishAsync(tenantId, schedule, run, now, cancellationToken);
        await ChangeAsync(tenantId, scheduleId, runId, current => current with { NotifiedAt = now }, cancellationToken);
    }

    private async Task<ScheduledRun> ChangeAsync(string tenantId, string scheduleId, string runId, Func<ScheduledRun, ScheduledRun> change, CancellationToken cancellationToken) =>
        await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var (current, etag) = await runs.GetAsync(tenantId, scheduleId, runId, token) ?? throw MissingRun(scheduleId, runId);
            var next = change(current);
            if (next == current)
            {
                return current;
            }
            var saved = await runs.ReplaceAsync(tenantId, next, etag, token);
            return saved.Succeeded ? saved.Value : throw new ConcurrencyConflictException($"Run {runId} of schedule {scheduleId} kept changing.");
        }, cancellationToken);

    private static InvalidOperationException MissingRun(string scheduleId, string runId) => new($"Schedule {scheduleId} has no run {runId}.");
}
