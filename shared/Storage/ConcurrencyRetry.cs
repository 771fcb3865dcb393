using Polly;
using Polly.Retry;

namespace DataGovernance.Storage;

/// <summary>Thrown when an optimistic write lost a race (an ETag-guarded head row moved on) and should be re-read and retried.</summary>
public sealed class ConcurrencyConflictException(string message) : Exception(message);

/// <summary>The retry policy for optimistic writes that serialise on a head row (record sequence, audit chain).</summary>
public static class ConcurrencyRetry
{
    public static readonly ResiliencePipeline Pipeline = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder().Handle<ConcurrencyConflictException>(),
            MaxRetryAttempts = 30,
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = TimeSpan.FromMilliseconds(4),
            MaxDelay = TimeSpan.FromMilliseconds(200),
        })
        .Build();
}
