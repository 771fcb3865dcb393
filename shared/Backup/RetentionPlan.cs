using System.Globalization;

namespace DataGovernance.Backup;

/// <summary>
/// Grandfather-father-son retention of scheduled restore points: the newest of each of the last N days, ISO weeks
/// and months (UTC) are kept. The newest restore point of any kind is always kept; on-demand ones are kept for
/// the daily window, and those taken before a restore for 30 days so that it can be undone.
/// </summary>
public static class RetentionPlan
{
    public static readonly TimeSpan BeforeRestoreRetention = TimeSpan.FromDays(30);

    public static IReadOnlySet<string> Keep(IReadOnlyList<RestorePoint> points, BackupPolicy policy, DateTimeOffset now)
    {
        var newestFirst = points.OrderByDescending(point => point.CreatedAt).ToList();
        var keep = new HashSet<string>(StringComparer.Ordinal);
        if (newestFirst.Count > 0)
        {
            keep.Add(newestFirst[0].Id);
        }
        var scheduled = newestFirst.Where(point => point.Kind == RestorePointKind.Scheduled).ToList();
        KeepNewestPer(scheduled, point => point.CreatedAt.UtcDateTime.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), policy.KeepDaily, keep);
        KeepNewestPer(scheduled, point => $"{ISOWeek.GetYear(point.CreatedAt.UtcDateTime)}-W{ISOWeek.GetWeekOfYear(point.CreatedAt.UtcDateTime)}", policy.KeepWeekly, keep);
        KeepNewestPer(scheduled, point => point.CreatedAt.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture), policy.KeepMonthly, keep);
        foreach (var point in newestFirst)
        {
            var keptFor = point.Kind switch
            {
                RestorePointKind.OnDemand => TimeSpan.FromDays(policy.KeepDaily),
                RestorePointKind.BeforeRestore => BeforeRestoreRetention,
                _ => TimeSpan.Zero,
            };
            if (now - point.CreatedAt < keptFor)
            {
                keep.Add(point.Id);
            }
        }
        return keep;
    }

    private static void KeepNewestPer(List<RestorePoint> newestFirst, Func<RestorePoint, string> period, int count, HashSet<string> keep)
    {
        foreach (var group in newestFirst.GroupBy(period).Take(count))
        {
            keep.Add(group.First().Id);
        }
    }
}
