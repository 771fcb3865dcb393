using DataGovernance.Exports;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Reports;

namespace DataGovernance.Schedules;

/// <summary>What a valid schedule body turns into.</summary>
public sealed record ValidSchedule(string Name, ScheduleKind Kind, string Cron, bool Enabled, string? Framework, ReportFormat? ReportFormat, ExportRequest? Export);

/// <summary>Checks a schedule body field by field: every problem at once, as 422 <c>validation-failed</c>.</summary>
public static class ReportScheduleValidator
{
    public const int MaxNameLength = 100;

    public static Result<ValidSchedule> Validate(ScheduleRequest request, TimeSpan minimumInterval, DateTimeOffset now)
    {
        var errors = new FieldErrors();
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            errors.Add("name", $"Required, at most {MaxNameLength} characters.");
        }
        CheckCron(request.Cron, minimumInterval, now, errors);
        var kind = request.Kind?.ToLowerInvariant() switch { "report" => ScheduleKind.Report, "export" => ScheduleKind.Export, _ => (ScheduleKind?)null };
        if (kind is null)
        {
            errors.Add("kind", "Must be report or export.");
        }
        var (framework, reportFormat, export) = kind switch
        {
            ScheduleKind.Report => (CheckFramework(request.Framework, errors), CheckReportFormat(request.Format, errors), null),
            ScheduleKind.Export => (null, null, CheckExport(request, errors)),
            _ => ((string?)null, (ReportFormat?)null, (ExportRequest?)null),
        };
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return new ValidSchedule(name!, kind!.Value, request.Cron!.Trim(), request.Enabled ?? true, framework, reportFormat, export);
    }

    private static void CheckCron(string? cron, TimeSpan minimumInterval, DateTimeOffset now, FieldErrors errors)
    {
        if (ScheduleCron.Parse(cron) is not { } schedule)
        {
            errors.Add("cron", "Must be an NCRONTAB expression in UTC: six fields (second minute hour day month day-of-week), for example \"0 0 6 * * 1\" " +
                "for Mondays at 06:00, or five fields without the seconds.");
            return;
        }
        if (ScheduleCron.NextAfter(schedule, now) is null)
        {
            errors.Add("cron", "Has no occurrence in the next five years.");
        }
        else if (ScheduleCron.ShortestGap(schedule, now) is { } gap && gap < minimumInterval)
        {
            errors.Add("cron", $"Runs every {Describe(gap)} at times; schedules run at most once every {Describe(minimumInterval)}.");
        }
    }

    private static string? CheckFramework(string? framework, FieldErrors errors)
    {
        if (framework is null || FrameworkCatalogue.Find(framework) is null)
        {
            errors.Add("framework", $"Must be one of: {string.Join(", ", FrameworkCatalogue.Known)}.");
            return null;
        }
        return framework;
    }

    private static ReportFormat? CheckReportFormat(string? format, FieldErrors errors)
    {
        var parsed = ComplianceReportService.ParseFormat(format);
        if (!parsed.Succeeded)
        {
            errors.Add("format", "Must be pdf, html, csv or json.");
            return null;
        }
        return parsed.Value;
    }

    private static ExportRequest? CheckExport(ScheduleRequest request, FieldErrors errors)
    {
        var formats = Enum.GetNames<ExportFormat>().Select(name => name.ToLowerInvariant()).ToList();
        var format = ExportFiles.TryParse(request.Format, out var parsed) ? parsed : (ExportFormat?)null;
        if (format is null)
        {
            errors.Add("format", $"Must be one of: {string.Join(", ", formats)}.");
        }
        if ((request.Collection is null) == (request.ViewId is null))
        {
            errors.Add("collection", "Give either collection or viewId.");
        }
        else if (request.Collection is { } collection && Collections.Find(collection) is null)
        {
            errors.Add("collection", $"Must be one of: {string.Join(", ", Collections.Names)}.");
        }
        else if (request.ViewId is { Length: 0 or > 64 })
        {
            errors.Add("viewId", "Must be 1 to 64 characters.");
        }
        return format is { } value ? new ExportRequest(request.Collection, request.ViewId, value) : null;
    }

    private static string Describe(TimeSpan span) =>
        span.TotalDays >= 1 && span.TotalDays == Math.Floor(span.TotalDays) ? $"{span.TotalDays:0} day(s)"
        : span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? $"{span.TotalHours:0} hour(s)"
        : span.TotalMinutes >= 1 && span.TotalMinutes == Math.Floor(span.TotalMinutes) ? $"{span.TotalMinutes:0} minute(s)"
        : $"{span.TotalSeconds:0} second(s)";
}
