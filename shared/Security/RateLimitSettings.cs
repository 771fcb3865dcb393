using DataGovernance.Outcomes;

namespace DataGovernance.Security;

/// <summary>A tenant's token buckets: refill per second and burst for the tenant as a whole and for each of its API keys.</summary>
public sealed record RateLimitSettings(int RequestsPerSecond, int Burst, int ApiKeyRequestsPerSecond, int ApiKeyBurst)
{
    /// <summary>Field errors of <paramref name="settings"/> against <paramref name="maximum"/>; empty when they are usable.</summary>
    public static FieldErrors Check(RateLimitSettings settings, RateLimitSettings maximum)
    {
        var errors = new FieldErrors();
        Check(errors, "requestsPerSecond", settings.RequestsPerSecond, maximum.RequestsPerSecond);
        Check(errors, "burst", settings.Burst, maximum.Burst);
        Check(errors, "apiKeyRequestsPerSecond", settings.ApiKeyRequestsPerSecond, maximum.ApiKeyRequestsPerSecond);
        Check(errors, "apiKeyBurst", settings.ApiKeyBurst, maximum.ApiKeyBurst);
        return errors;
    }

    private static void Check(FieldErrors errors, string field, int value, int maximum)
    {
        if (value < 1 || value > maximum)
        {
            errors.Add(field, $"Must be between 1 and {maximum} (the platform maximum).");
        }
    }
}

/// <summary>A request to change a tenant's rate limits; every field is required.</summary>
public sealed record RateLimitRequest(int? RequestsPerSecond, int? Burst, int? ApiKeyRequestsPerSecond, int? ApiKeyBurst);
