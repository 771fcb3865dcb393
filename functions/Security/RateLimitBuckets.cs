using System.Collections.Concurrent;
using System.Threading.RateLimiting;

namespace DataGovernance.Functions.Security;

/// <summary>
/// Token buckets by partition (a tenant, or one API key of a tenant), held in this instance's memory. A bucket is
/// refilled from the time elapsed whenever it is used, so no timer runs per bucket; a bucket whose size or rate
/// changed is replaced by a full one of the new size; full buckets left unused are dropped, which loses nothing.
/// </summary>
public sealed class RateLimitBuckets
{
    private static readonly TimeSpan IdleLifetime = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, Bucket> _buckets = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _nextSweep;

    public RateLimitBuckets(TimeProvider time)
    {
        _time = time;
        _nextSweep = time.GetTimestamp();
    }

    /// <summary>Takes a token from the partition's bucket: null when there was one, otherwise how long until there is.</summary>
    public TimeSpan? TryTake(string partition, int requestsPerSecond, int burst)
    {
        SweepWhenDue();
        var limiter = BucketFor(partition, requestsPerSecond, burst);
        limiter.TryReplenish();
        using var lease = limiter.AttemptAcquire(1);
        if (lease.IsAcquired)
        {
            return null;
        }
        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    private TokenBucketRateLimiter BucketFor(string partition, int requestsPerSecond, int burst)
    {
        while (true)
        {
            var bucket = _buckets.GetOrAdd(partition, _ => Bucket.Create(requestsPerSecond, burst));
            if (bucket.RequestsPerSecond == requestsPerSecond && bucket.Burst == burst)
            {
                return bucket.Limiter;
            }
            // Not disposed: another request may still be taking from it, and without auto-replenishment it holds no timer.
            var replacement = Bucket.Create(requestsPerSecond, burst);
            if (_buckets.TryUpdate(partition, replacement, bucket))
            {
                return replacement.Limiter;
            }
        }
    }

    private void SweepWhenDue()
    {
        var now = _time.GetTimestamp();
        var due = Interlocked.Read(ref _nextSweep);
        if (_time.GetElapsedTime(due, now) < TimeSpan.Zero || Interlocked.CompareExchange(ref _nextSweep, now + (long)(SweepInterval.TotalSeconds * _time.TimestampFrequency), due) != due)
        {
            return;
        }
        foreach (var entry in _buckets)
        {
            entry.Value.Limiter.TryReplenish();
            if (entry.Value.Limiter.IdleDuration >= IdleLifetime)
            {
                _buckets.TryRemove(entry);
            }
        }
    }

    private sealed record Bucket(int RequestsPerSecond, int Burst, TokenBucketRateLimiter Limiter)
    {
        public static Bucket Create(int requestsPerSecond, int burst) => new(requestsPerSecond, burst, new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = burst,
            TokensPerPeriod = requestsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        }));
    }
}
