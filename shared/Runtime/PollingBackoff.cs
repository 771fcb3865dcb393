namespace DataGovernance.Runtime;

/// <summary>
/// Idle polling delays: from <c>minimum</c>, doubling with ±20 % jitter (so instances drift apart) up to
/// <c>maximum</c>; back to the minimum once a poll finds work.
/// </summary>
internal sealed class PollingBackoff(TimeSpan minimum, TimeSpan maximum)
{
    private TimeSpan _base = TimeSpan.Zero;

    public TimeSpan Next()
    {
        _base = _base == TimeSpan.Zero ? minimum : TimeSpan.FromTicks(Math.Min(_base.Ticks * 2, maximum.Ticks));
        var jittered = _base * (0.8 + (Random.Shared.NextDouble() * 0.4));
        return jittered > maximum ? maximum : jittered;
    }

    public void Reset() => _base = TimeSpan.Zero;
}
