namespace DataGovernance.Orchestrations;

/// <summary>Options of an activity or sub-orchestration call.</summary>
public record TaskOptions(TaskRetryOptions? Retry = null)
{
    public static TaskOptions FromRetryPolicy(RetryPolicy policy) => new(new TaskRetryOptions(policy));
}

/// <summary>Options of a sub-orchestration call: retries and the child's instance id.</summary>
public sealed record SubOrchestrationOptions(TaskRetryOptions? Retry = null, string? InstanceId = null) : TaskOptions(Retry);

public sealed record TaskRetryOptions(RetryPolicy Policy);

/// <summary>
/// Retries of a failed call, as durable timers between attempts: the n-th retry waits
/// <c>FirstRetryInterval × BackoffCoefficient^(n-1)</c>, at most <see cref="MaxRetryInterval"/>.
/// </summary>
public sealed record RetryPolicy
{
    public RetryPolicy(
        int maxNumberOfAttempts,
        TimeSpan firstRetryInterval,
        double backoffCoefficient = 1.0,
        TimeSpan? maxRetryInterval = null,
        TimeSpan? retryTimeout = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxNumberOfAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(firstRetryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffCoefficient, 1.0);
        MaxNumberOfAttempts = maxNumberOfAttempts;
        FirstRetryInterval = firstRetryInterval;
        BackoffCoefficient = backoffCoefficient;
        MaxRetryInterval = maxRetryInterval ?? TimeSpan.FromHours(1);
        RetryTimeout = retryTimeout ?? Timeout.InfiniteTimeSpan;
    }

    public int MaxNumberOfAttempts { get; }

    public TimeSpan FirstRetryInterval { get; }

    public double BackoffCoefficient { get; }

    public TimeSpan MaxRetryInterval { get; }

    public TimeSpan RetryTimeout { get; }

    /// <summary>Decides per failure whether to retry; retries every failure when null.</summary>
    public Func<TaskFailureDetails, bool>? HandleFailure { get; init; }

    internal TimeSpan DelayBefore(int retry)
    {
        var delay = FirstRetryInterval.TotalMilliseconds * Math.Pow(BackoffCoefficient, retry - 1);
        return TimeSpan.FromMilliseconds(Math.Min(delay, MaxRetryInterval.TotalMilliseconds));
    }
}
