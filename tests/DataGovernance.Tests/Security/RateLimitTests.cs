using System.Net;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>
/// Per-tenant and per-API-key token buckets. Each test sets small limits on a fresh tenant; the fixture's
/// defaults are generous, so no other test meets a limit.
/// </summary>
public sealed class RateLimitTests(HubFixture hub)
{
    private static string Url(string tenant) => $"/api/tenants/{tenant}/security/rate-limits";

    private static object Limits(int requestsPerSecond, int burst, int apiKeyRequestsPerSecond, int apiKeyBurst) =>
        new { requestsPerSecond, burst, apiKeyRequestsPerSecond, apiKeyBurst };

    private RateLimitOptions Platform => hub.App.Services.GetRequiredService<IOptions<RateLimitOptions>>().Value;

    [Fact]
    public async Task Tenant_OverItsBurst_Gets429WithRetryAfter_AndIsServedAgainAfterWaitingThatLong()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync(Url(tenant), Limits(1, 5, 1, 5), null, ct)).ExpectAsync(HttpStatusCode.OK);

        for (var request = 1; request <= 5; request++)
        {
            await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        }
        var limited = await owner.GetAsync(Url(tenant), ct);
        await limited.ExpectAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        var retryAfter = limited.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.True(retryAfter >= TimeSpan.FromSeconds(1), $"Retry-After was {retryAfter}.");

        using var otherOwner = hub.TenantClient(other, Role.Owner);
        await (await otherOwner.GetAsync(Url(other), ct)).ExpectAsync(HttpStatusCode.OK);
        using var admin = hub.PlatformAdmin();
        await (await admin.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        using var anonymous = hub.Anonymous();
        await (await anonymous.GetAsync("/api/health/", ct)).ExpectAsync(HttpStatusCode.OK);

        // Waiting as the server asked is the protocol under test, not a guess at timing.
        await Task.Delay(retryAfter.Value, ct);
        var served = await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(5, served.GetProperty("burst").GetInt32());
    }

    [Fact]
    public async Task ChangedLimits_TakeEffectAtOnce_OnTheInstanceThatStoredThem()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync(Url(tenant), Limits(1, 2, 1, 2), null, ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.TooManyRequests, "rate-limited");

        using var admin = hub.PlatformAdmin();
        await (await admin.PutJsonAsync(Url(tenant), Limits(1, 50, 1, 2), null, ct)).ExpectAsync(HttpStatusCode.OK);

        var read = await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(50, read.GetProperty("burst").GetInt32());
    }

    [Fact]
    public async Task ApiKey_OverItsOwnLowerLimit_Gets429_WhileAUserOfTheSameTenantIsServed()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        var (_, secret) = await hub.CreateApiKeyAsync(tenant, Permission.SecurityRead.ToScope());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync(Url(tenant), Limits(1000, 1000, 1, 2), null, ct)).ExpectAsync(HttpStatusCode.OK);
        using var apiKey = hub.WithApiKey(secret);

        await (await apiKey.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        await (await apiKey.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        var limited = await apiKey.GetAsync(Url(tenant), ct);
        await limited.ExpectAsync(HttpStatusCode.TooManyRequests, "rate-limited");
        Assert.True(limited.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));

        await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task LimitsAboveThePlatformMaximum_Return422WithFieldErrors_AndChangeNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var tooHigh = Limits(Platform.MaxRequestsPerSecond + 1, Platform.MaxBurst, 1, Platform.MaxApiKeyBurst + 1);
        var refused = await (await owner.PutJsonAsync(Url(tenant), tooHigh, null, ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.Single(refused.FieldErrors("requestsPerSecond"));
        Assert.Single(refused.FieldErrors("apiKeyBurst"));
        Assert.False(refused.GetProperty("errors").TryGetProperty("burst", out _));

        var incomplete = await (await owner.PutJsonAsync(Url(tenant), new { burst = 5 }, null, ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.Single(incomplete.FieldErrors("requestsPerSecond"));

        var current = await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Platform.DefaultRequestsPerSecond, current.GetProperty("requestsPerSecond").GetInt32());
        Assert.Equal(Platform.DefaultApiKeyBurst, current.GetProperty("apiKeyBurst").GetInt32());
    }

    [Fact]
    public async Task AnotherTenantsOwner_Gets404_AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var intruder = hub.TenantClient(other, Role.Owner);

        await (await intruder.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PutJsonAsync(Url(tenant), Limits(1, 1, 1, 1), null, ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");

        using var owner = hub.TenantClient(tenant, Role.Owner);
        var current = await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Platform.DefaultBurst, current.GetProperty("burst").GetInt32());
    }

    [Fact]
    public async Task Member_CannotChangeTheLimits()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var member = hub.TenantClient(tenant, Role.Member);

        await (await member.PutJsonAsync(Url(tenant), Limits(1, 1, 1, 1), null, ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        using var owner = hub.TenantClient(tenant, Role.Owner);
        var current = await (await owner.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Platform.DefaultBurst, current.GetProperty("burst").GetInt32());
    }
}
