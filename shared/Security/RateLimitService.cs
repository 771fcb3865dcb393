using System.Globalization;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security.Events;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DataGovernance.Security;

/// <summary>
/// A tenant's effective rate limits: its own choice, or the platform defaults, always within the platform maximum
/// (a maximum lowered after a tenant chose more wins). Read on every request, so kept in memory for
/// <see cref="CacheLifetime"/>: a change through this instance applies at once, through another within that time.
/// </summary>
public sealed class RateLimitService(RateLimitStore store, SecurityEventService securityEvents, IMemoryCache cache, IOptions<RateLimitOptions> options)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    private RateLimitOptions Options => options.Value;

    public async Task<RateLimitSettings> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var key = CacheKey(tenantId);
        if (cache.TryGetValue(key, out RateLimitSettings? cached))
        {
            return cached!;
        }
        var settings = Capped(await store.GetAsync(tenantId, cancellationToken) ?? Options.Defaults);
        cache.Set(key, settings, CacheLifetime);
        return settings;
    }

    public async Task<Result<RateLimitSettings>> UpdateAsync(string tenantId, RateLimitRequest request, WriteContext context, CancellationToken cancellationToken)
    {
        var missing = new FieldErrors();
        foreach (var (field, value) in new[]
        {
            ("requestsPerSecond", request.RequestsPerSecond), ("burst", request.Burst),
            ("apiKeyRequestsPerSecond", request.ApiKeyRequestsPerSecond), ("apiKeyBurst", request.ApiKeyBurst),
        })
        {
            if (value is null)
            {
                missing.Add(field, "Required.");
            }
        }
        if (missing.Any)
        {
            return Failure.Validation(missing);
        }
        var settings = new RateLimitSettings(request.RequestsPerSecond!.Value, request.Burst!.Value, request.ApiKeyRequestsPerSecond!.Value, request.ApiKeyBurst!.Value);
        var errors = RateLimitSettings.Check(settings, Options.Maximum);
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        await store.SaveAsync(tenantId, settings, cancellationToken);
        cache.Set(CacheKey(tenantId), settings, CacheLifetime);
        await securityEvents.RecordAsync(tenantId, SecurityEventType.RateLimitsChanged, context, null, new Dictionary<string, string>
        {
            ["requestsPerSecond"] = settings.RequestsPerSecond.ToString(CultureInfo.InvariantCulture),
            ["burst"] = settings.Burst.ToString(CultureInfo.InvariantCulture),
            ["apiKeyRequestsPerSecond"] = settings.ApiKeyRequestsPerSecond.ToString(CultureInfo.InvariantCulture),
            ["apiKeyBurst"] = settings.ApiKeyBurst.ToString(CultureInfo.InvariantCulture),
        }, cancellationToken);
        return settings;
    }

    private RateLimitSettings Capped(RateLimitSettings settings)
    {
        var maximum = Options.Maximum;
        return new RateLimitSettings(
            Math.Min(settings.RequestsPerSecond, maximum.RequestsPerSecond),
            Math.Min(settings.Burst, maximum.Burst),
            Math.Min(settings.ApiKeyRequestsPerSecond, maximum.ApiKeyRequestsPerSecond),
            Math.Min(settings.ApiKeyBurst, maximum.ApiKeyBurst));
    }

    private static (string, string) CacheKey(string tenantId) => ("rate-limits", tenantId);
}
