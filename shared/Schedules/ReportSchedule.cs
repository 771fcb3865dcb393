using System.Text.Json.Serialization;
using DataGovernance.Exports;
using DataGovernance.Reports;
using DataGovernance.Storage;

namespace DataGovernance.Schedules;

/// <summary>What a schedule delivers: a compliance report, or a data export.</summary>
public enum ScheduleKind
{
    Report,
    Export,
}

/// <summary>
/// A tenant's NCRONTAB schedule (UTC) of a report or an export. <see cref="NextRunAt"/> is the next occurrence the
/// scheduler will run (null while disabled).
/// </summary>
public sealed record ReportSchedule(
    string Id,
    string Name,
    ScheduleKind Kind,
    string Cron,
    bool Enabled,
    string? Framework,
    ReportFormat? ReportFormat,
    ExportRequest? Export,
    DateTimeOffset? NextRunAt,
    long Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy) : IHasETag
{
    [JsonIgnore]
    public string ETag => $"\"{Version}\"";
}

/// <summary>
/// The body of a schedule: <c>kind</c> report (with <c>framework</c> and <c>format</c> pdf|html|csv|json) or export
/// (with <c>collection</c> or <c>viewId</c>, and <c>format</c> csv|json|ndjson|xml|xlsx).
/// </summary>
public sealed record ScheduleRequest(
    string? Name, string? Kind, string? Cron, bool? Enabled, string? Framework, string? Format, string? Collection, string? ViewId);

public enum RunStatus
{
    Pending,
    Running,
    Completed,
    Failed,
}

/// <summary>Where a run's report was written, and what it holds.</summary>
public sealed record RunOutput(string Container, string BlobName, string FileName, string ContentType, long SizeBytes, string Sha256);

/// <summary>
/// One run of a schedule for one occurrence. Its id comes from the occurrence, so an occurrence runs once however often
/// the scheduler looks at it.
/// </summary>
public sealed record ScheduledRun(
    string Id,
    string ScheduleId,
    ScheduleKind Kind,
    DateTimeOffset Occurrence,
    RunStatus Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt = null,
    DateTimeOffset? CompletedAt = null,
    RunOutput? Output = null,
    string? ExportId = null,
    string? FailureReason = null,
    DateTimeOffset? NotifiedAt = null)
{
    public double? DurationSeconds => StartedAt is { } started && CompletedAt is { } completed ? (completed - started).TotalSeconds : null;

    public static string IdFor(DateTimeOffset occurrence) => $"run-{occurrence.UtcDateTime:yyyyMMdd-HHmmss}";
}
