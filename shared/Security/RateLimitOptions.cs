using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Security;

/// <summary>
/// Request rates of tenants and API keys (token buckets: a refill rate per second and a burst). Tenants choose
/// their own values up to the platform maximum; without a choice they get the defaults. The limits hold per
/// instance of the function app.
/// </summary>
public sealed class RateLimitOptions
{
    public const string SectionName = "Hub:RateLimits";

    /// <summary>The highest refill rate (requests per second) a tenant may set for itself.</summary>
    public int MaxRequestsPerSecond { get; set; } = 1000;

    /// <summary>The largest burst a tenant may set for itself.</summary>
    public int MaxBurst { get; set; } = 2000;

    /// <summary>A tenant's refill rate until it sets its own.</summary>
    public int DefaultRequestsPerSecond { get; set; } = 100;

    /// <summary>A tenant's burst until it sets its own.</summary>
    public int DefaultBurst { get; set; } = 200;

    /// <summary>The highest refill rate a tenant may give each of its API keys.</summary>
    public int MaxApiKeyRequestsPerSecond { get; set; } = 500;

    /// <summary>The largest burst a tenant may give each of its API keys.</summary>
    public int MaxApiKeyBurst { get; set; } = 1000;

    /// <summary>Each API key's refill rate until the tenant sets one.</summary>
    public int DefaultApiKeyRequestsPerSecond { get; set; } = 20;

    /// <summary>Each API key's burst until the tenant sets one.</summary>
    public int DefaultApiKeyBurst { get; set; } = 50;

    public RateLimitSettings Defaults => new(DefaultRequestsPerSecond, DefaultBurst, DefaultApiKeyRequestsPerSecond, DefaultApiKeyBurst);

    public RateLimitSettings Maximum => new(MaxRequestsPerSecond, MaxBurst, MaxApiKeyRequestsPerSecond, MaxApiKeyBurst);

    /// <summary>Every value at least 1 and every default at most its maximum.</summary>
    public bool IsValid =>
        new[] { MaxRequestsPerSecond, MaxBurst, MaxApiKeyRequestsPerSecond, MaxApiKeyBurst }.All(value => value >= 1)
        && !RateLimitSettings.Check(Defaults, Maximum).Any;
}

public static class RateLimitRegistration
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .Validate(options => options.IsValid, $"{RateLimitOptions.SectionName}: every value must be at least 1 and every default at most its maximum.")
            .ValidateOnStart();
        services.AddSingleton<RateLimitStore>();
        services.AddSingleton<RateLimitService>();
        return services;
    }
}
