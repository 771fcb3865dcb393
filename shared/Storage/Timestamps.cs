namespace DataGovernance.Storage;

public static class Timestamps
{
    /// <summary>
    /// The current time at millisecond precision, so that a timestamp written to Table storage reads back
    /// identical (hash chains and ETag comparisons depend on that).
    /// </summary>
    public static DateTimeOffset GetUtcNowForStorage(this TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return new DateTimeOffset(now.Ticks - (now.Ticks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }
}
