using DataGovernance.Functions.Hosting;
using DataGovernance.Outcomes;
using DataGovernance.Security;

namespace DataGovernance.Functions.Security;

/// <summary>
/// Takes a token from the caller's tenant bucket, and for an API key first from that key's own bucket; without one
/// the request ends in 429 with Retry-After. Runs after the access check, so only admitted tenant callers count:
/// anonymous routes (health), platform callers and the platform's /api/admin routes are not limited by tenant
/// buckets. Buckets live in each instance's memory, so a tenant spread over n instances can reach n times its rate;
/// the limits protect each instance from one noisy tenant, which needs no shared state and no storage call per request.
/// </summary>
public sealed class RateLimitMiddleware(RequestDelegate next, RateLimitService limits, RateLimitBuckets buckets)
{
    public const string Code = "rate-limited";

    public async Task InvokeAsync(HttpContext context)
    {
        var caller = context.Features.Get<Caller>();
        if (caller?.TenantId is not { } tenantId || context.Request.Path.StartsWithSegments("/api/admin", StringComparison.OrdinalIgnoreCase))
        {
            await next(context);
            return;
        }
        var settings = await limits.GetAsync(tenantId, context.RequestAborted);
        var wait = caller.Kind == CallerKind.ApiKey
            ? buckets.TryTake($"apikey:{tenantId}:{caller.Id}", settings.ApiKeyRequestsPerSecond, settings.ApiKeyBurst)
            : null;
        wait ??= buckets.TryTake($"tenant:{tenantId}", settings.RequestsPerSecond, settings.Burst);
        if (wait is not { } retryAfter)
        {
            await next(context);
            return;
        }
        var who = caller.Kind == CallerKind.ApiKey ? "this API key or its tenant" : "this tenant";
        var failure = new Failure(FailureKind.TooManyRequests, Code,
            $"Too many requests for {who}; retry after {Problems.RetryAfterSeconds(retryAfter)} second(s).") { RetryAfter = retryAfter };
        await Problems.From(context, failure).ExecuteAsync(context);
    }
}
