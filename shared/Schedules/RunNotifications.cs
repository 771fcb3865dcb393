using System.Text.Json;
using System.Text.Json.Serialization;
using DataGovernance.Downloads;
using DataGovernance.Reports;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Schedules;

/// <summary>An event in the Event Grid schema, as one queue message holds it.</summary>
public sealed record NotificationEvent(
    string Id, string Topic, string Subject, string EventType, DateTimeOffset EventTime, ScheduledRunNotice Data, string DataVersion, string MetadataVersion);

/// <summary>What a notification tells about a finished run: where to fetch its output, or why it failed.</summary>
public sealed record ScheduledRunNotice(
    string TenantId,
    string ScheduleId,
    string ScheduleName,
    string RunId,
    ScheduleKind Kind,
    RunStatus Status,
    DateTimeOffset Occurrence,
    string RunUrl,
    RunOutput? Output,
    string? DownloadUrl,
    DateTimeOffset? DownloadExpiresAt,
    string? ExportId,
    string? ExportUrl,
    string? FailureReason);

/// <summary>
/// Puts one Event Grid-schema event per finished run on the <see cref="StorageNames.NotificationsQueue"/> queue (JSON,
/// Base64-encoded by the account's queue clients), for whatever tells people. The event id is the run's, so a consumer
/// can drop a repeated message.
/// </summary>
public sealed class RunNotifications(HubStorage storage, DownloadLinks links)
{
    public const string CompletedEventType = "DataGovernance.Reports.ScheduledRunCompleted";
    public const string FailedEventType = "DataGovernance.Reports.ScheduledRunFailed";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static string RunUrl(string tenantId, string scheduleId, string runId) => $"/api/tenants/{tenantId}/reports/schedules/{scheduleId}/runs/{runId}";

    public async Task PublishAsync(string tenantId, ReportSchedule schedule, ScheduledRun run, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var link = run.Output is { } output
            ? links.Create(new DownloadTarget(tenantId, output.Container, output.BlobName, output.FileName, output.ContentType, "scheduled-report"),
                Actor.System("report-schedule"))
            : null;
        var notice = new ScheduledRunNotice(tenantId, schedule.Id, schedule.Name, run.Id, run.Kind, run.Status, run.Occurrence,
            RunUrl(tenantId, schedule.Id, run.Id), run.Output, link?.Url, link?.ExpiresAt, run.ExportId,
            run.ExportId is { } exportId ? $"/api/tenants/{tenantId}/exports/{exportId}" : null, run.FailureReason);
        var notification = new NotificationEvent(
            $"{tenantId}:{schedule.Id}:{run.Id}:{run.Status}".ToLowerInvariant(),
            $"/tenants/{tenantId}",
            $"/tenants/{tenantId}/reports/schedules/{schedule.Id}/runs/{run.Id}",
            run.Status == RunStatus.Completed ? CompletedEventType : FailedEventType,
            at, notice, "1.0", "1");
        await storage.Primary.Queues.GetQueueClient(StorageNames.NotificationsQueue)
            .SendMessageAsync(JsonSerializer.Serialize(notification, Json), cancellationToken);
    }
}
