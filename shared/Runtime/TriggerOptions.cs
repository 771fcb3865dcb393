using Microsoft.Extensions.Options;

namespace DataGovernance.Runtime;

/// <summary>The hub's own trigger listeners (queues, timers, local events); not used in custom-handler mode.</summary>
public sealed class TriggerOptions
{
    public const string SectionName = "Hub:Triggers";

    /// <summary>False keeps this instance from listening to queues and firing timers (it still serves HTTP).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The longest an idle queue listener sleeps between polls; it starts at 0.1 s and doubles up to this.</summary>
    public double MaxPollingIntervalSeconds { get; set; } = 2;

    /// <summary>How many messages of one queue are handled at the same time on this instance.</summary>
    public int QueueConcurrency { get; set; } = 16;

    /// <summary>How long a received message stays invisible to others; renewed at half time while its handler runs.</summary>
    public double VisibilityTimeoutSeconds { get; set; } = 60;

    public TimeSpan MaxPollingInterval => TimeSpan.FromSeconds(MaxPollingIntervalSeconds);

    public TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(VisibilityTimeoutSeconds);

    public IEnumerable<string> Problems()
    {
        if (MaxPollingIntervalSeconds is < 0.1 or > 600)
        {
            yield return $"{SectionName}:MaxPollingIntervalSeconds must be between 0.1 and 600.";
        }
        if (QueueConcurrency is < 1 or > 256)
        {
            yield return $"{SectionName}:QueueConcurrency must be between 1 and 256.";
        }
        if (VisibilityTimeoutSeconds is < 1 or > 3600)
        {
            yield return $"{SectionName}:VisibilityTimeoutSeconds must be between 1 and 3600.";
        }
    }
}

/// <summary>Refuses to start with trigger settings out of range, naming each.</summary>
internal sealed class TriggerOptionsValidation : IValidateOptions<TriggerOptions>
{
    public ValidateOptionsResult Validate(string? name, TriggerOptions options) =>
        options.Problems().ToList() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
