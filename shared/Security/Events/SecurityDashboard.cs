using DataGovernance.Monitoring;

namespace DataGovernance.Security.Events;

public enum DashboardInterval
{
    Hour,
    Day,
}

/// <summary>Security events counted per type and time bucket, their totals, and the newest security alerts.</summary>
/// <param name="From">The start of the first bucket: the requested start rounded down to the interval (UTC).</param>
/// <param name="To">The requested end (exclusive).</param>
public sealed record SecurityDashboard(
    DateTimeOffset From,
    DateTimeOffset To,
    DashboardInterval Interval,
    IReadOnlyList<SecurityEventBucket> Buckets,
    IReadOnlyDictionary<SecurityEventType, int> Totals,
    IReadOnlyList<Alert> Alerts);

/// <summary>The events of one bucket, <c>[start, start + interval)</c>; types without events are left out.</summary>
public sealed record SecurityEventBucket(DateTimeOffset Start, IReadOnlyDictionary<SecurityEventType, int> Counts);
