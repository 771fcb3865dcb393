using DataGovernance.Monitoring;
using DataGovernance.Outcomes;

namespace DataGovernance.Security.Events;

/// <summary>Builds the security dashboard in one pass over the range's events, holding only the counters.</summary>
public sealed class SecurityDashboardService(SecurityEventStore events, AlertStore alerts, TimeProvider clock)
{
    public static readonly TimeSpan MaxRange = TimeSpan.FromDays(90);

    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(7);

    public const int MaxBuckets = 2000;

    public const int AlertCount = 20;

    /// <param name="from">Default: <see cref="DefaultRange"/> before <paramref name="to"/>.</param>
    /// <param name="to">Default: now.</param>
    /// <param name="interval"><c>hour</c> or <c>day</c> (default).</param>
    public async Task<Result<SecurityDashboard>> BuildAsync(
        string tenantId, DateTimeOffset? from, DateTimeOffset? to, string? interval, CancellationToken cancellationToken)
    {
        var end = (to ?? clock.GetUtcNow()).ToUniversalTime();
        var start = (from ?? end - DefaultRange).ToUniversalTime();
        var checkedRange = Check(start, end, interval);
        if (!checkedRange.Succeeded)
        {
            return checkedRange.Failure;
        }
        var (first, step, bucketCount, named) = checkedRange.Value;
        var types = Enum.GetValues<SecurityEventType>();
        var counts = new int[bucketCount, types.Length];
        await foreach (var recorded in events.ScanAsync(tenantId, new SecurityEventFilter(null, start, end), clientIp: null, actor: null, cancellationToken))
        {
            counts[(recorded.OccurredAt - first).Ticks / step.Ticks, (int)recorded.Type]++;
        }
        var buckets = new List<SecurityEventBucket>(bucketCount);
        var totals = new Dictionary<SecurityEventType, int>();
        for (var bucket = 0; bucket < bucketCount; bucket++)
        {
            var bucketCounts = new Dictionary<SecurityEventType, int>();
            foreach (var type in types)
            {
                if (counts[bucket, (int)type] is > 0 and var count)
                {
                    bucketCounts[type] = count;
                    totals[type] = totals.GetValueOrDefault(type) + count;
                }
            }
            buckets.Add(new SecurityEventBucket(first + step * bucket, bucketCounts));
        }
        var newestAlerts = await alerts.ListAsync(tenantId, SecurityAlerts.KindPrefix, AlertCount, cancellationToken);
        return new SecurityDashboard(first, end, named, buckets, totals, newestAlerts);
    }

    private static Result<(DateTimeOffset First, TimeSpan Step, int Buckets, DashboardInterval Interval)> Check(DateTimeOffset start, DateTimeOffset end, string? interval)
    {
        var errors = new FieldErrors();
        var (step, named) = (interval ?? "day").ToLowerInvariant() switch
        {
            "hour" => ((TimeSpan?)TimeSpan.FromHours(1), DashboardInterval.Hour),
            "day" => (TimeSpan.FromDays(1), DashboardInterval.Day),
            _ => (null, DashboardInterval.Day),
        };
        if (step is null)
        {
            errors.Add("interval", "Must be hour or day.");
        }
        if (start >= end)
        {
            errors.Add("from", "Must be before to.");
        }
        else if (end - start > MaxRange)
        {
            errors.Add("to", $"The range is at most {MaxRange.TotalDays} days.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var first = new DateTimeOffset(start.UtcTicks - start.UtcTicks % step!.Value.Ticks, TimeSpan.Zero);
        var buckets = (end - first).Ticks / step.Value.Ticks + ((end - first).Ticks % step.Value.Ticks == 0 ? 0 : 1);
        return buckets > MaxBuckets
            ? Failure.Validation(FieldErrors.Of("interval", $"The range holds {buckets} buckets of this interval; at most {MaxBuckets}: choose day or a shorter range."))
            : (first, step.Value, (int)buckets, named);
    }
}
