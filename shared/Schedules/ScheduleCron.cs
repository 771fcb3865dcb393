using NCrontab;

namespace DataGovernance.Schedules;

/// <summary>
/// NCRONTAB expressions of schedules, in UTC: six fields (second minute hour day month day-of-week) as the Functions
/// timer uses, or the classic five (minute hour day month day-of-week).
/// </summary>
public static class ScheduleCron
{
    /// <summary>How many upcoming occurrences are checked against the minimum interval.</summary>
    private const int OccurrencesChecked = 500;

    public static CrontabSchedule? Parse(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        return fields is 5 or 6 ? CrontabSchedule.TryParse(expression, new CrontabSchedule.ParseOptions { IncludingSeconds = fields == 6 }) : null;
    }

    /// <summary>The first occurrence strictly after <paramref name="after"/>, or null when there is none within five years.</summary>
    public static DateTimeOffset? NextAfter(CrontabSchedule schedule, DateTimeOffset after)
    {
        var from = after.UtcDateTime;
        var next = schedule.GetNextOccurrence(from, from.AddYears(5));
        return next >= from.AddYears(5) ? null : new DateTimeOffset(DateTime.SpecifyKind(next, DateTimeKind.Utc));
    }

    /// <summary>The latest occurrence at or before <paramref name="now"/> and at or after <paramref name="since"/>.</summary>
    public static DateTimeOffset? LatestBetween(CrontabSchedule schedule, DateTimeOffset since, DateTimeOffset now)
    {
        var occurrences = schedule.GetNextOccurrences(since.UtcDateTime.AddTicks(-1), now.UtcDateTime.AddTicks(1));
        return occurrences.Any() ? new DateTimeOffset(DateTime.SpecifyKind(occurrences.Last(), DateTimeKind.Utc)) : null;
    }

    /// <summary>The shortest gap between the next occurrences after <paramref name="from"/>.</summary>
    public static TimeSpan? ShortestGap(CrontabSchedule schedule, DateTimeOffset from)
    {
        TimeSpan? shortest = null;
        DateTime? previous = null;
        var start = from.UtcDateTime;
        foreach (var occurrence in schedule.GetNextOccurrences(start, start.AddYears(5)).Take(OccurrencesChecked))
        {
            if (previous is { } last && (shortest is null || occurrence - last < shortest))
            {
                shortest = occurrence - last;
            }
            previous = occurrence;
        }
        return shortest;
    }
}
