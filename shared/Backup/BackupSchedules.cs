using NCrontab;

namespace DataGovernance.Backup;

/// <summary>The NCRONTAB schedules of backups and drills (six fields, UTC).</summary>
public static class BackupSchedules
{
    /// <summary>The latest occurrence of the schedule at or before <paramref name="now"/> within the last 40 days.</summary>
    public static DateTimeOffset? LastOccurrence(string schedule, DateTimeOffset now)
    {
        var parsed = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        if (parsed is null)
        {
            return null;
        }
        var end = now.UtcDateTime.AddTicks(1);
        var occurrences = parsed.GetNextOccurrences(end.AddDays(-40), end);
        return occurrences.Any() ? new DateTimeOffset(DateTime.SpecifyKind(occurrences.Last(), DateTimeKind.Utc)) : null;
    }
}
