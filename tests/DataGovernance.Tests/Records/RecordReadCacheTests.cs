using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Records;

/// <summary>Two hub instances on the same storage: what one writes, the other reads fresh within the cache lifetime.</summary>
public sealed class RecordReadCacheTests(HubFixture hub)
{
    [Fact]
    public async Task WriteThroughAnotherInstance_IsVisibleWithNoCacheAtOnce_AndToPlainReadsWithinTheCacheLifetime()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        await using var second = new HubApplication(hub.Settings(hub.Primary.ConnectionString, hub.Secondary.ConnectionString));
        second.StartServer();
        var token = HubFixture.DevToken(tenant, "owner", Role.Owner);
        using var writer = hub.WithBearer(token);
        using var reader = second.CreateClient();
        reader.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var created = await (await writer.PostAsJsonAsync($"/api/tenants/{tenant}/records/risks",
            new { title = "Ransomware", status = "identified", likelihood = 3, impact = 5 }, ct)).ExpectAsync(HttpStatusCode.Created);
        var path = $"/api/tenants/{tenant}/records/risks/{created.GetProperty("id").GetString()}";
        Assert.Equal(1, (await (await reader.GetAsync(path, ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());

        using var replace = new HttpRequestMessage(HttpMethod.Put, path)
        {
            Content = JsonContent.Create(new { title = "Ransomware", status = "mitigating", likelihood = 2, impact = 5 }),
        };
        replace.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        await (await writer.SendAsync(replace, ct)).ExpectAsync(HttpStatusCode.OK);

        using var uncached = new HttpRequestMessage(HttpMethod.Get, path);
        uncached.Headers.CacheControl = new CacheControlHeaderValue { NoCache = true };
        Assert.Equal(2, (await (await reader.SendAsync(uncached, ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());

        var waited = System.Diagnostics.Stopwatch.StartNew();
        long version;
        do
        {
            version = (await (await reader.GetAsync(path, ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64();
        }
        while (version == 1 && waited.Elapsed < TimeSpan.FromSeconds(5));
        Assert.Equal(2, version);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(2), $"The other instance served the old version for {waited.Elapsed.TotalSeconds:F1} s.");
    }

    [Fact]
    public async Task DeletedRecord_IsGoneAtOnceOnTheInstanceThatDeletedIt()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.Owner);
        var created = await (await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/policies",
            new { title = "Acceptable Use", status = "approved" }, ct)).ExpectAsync(HttpStatusCode.Created);
        var path = $"/api/tenants/{tenant}/records/policies/{created.GetProperty("id").GetString()}";
        await (await client.GetAsync(path, ct)).ExpectAsync(HttpStatusCode.OK);

        await (await client.DeleteAsync(path, ct)).ExpectAsync(HttpStatusCode.NoContent);

        await (await client.GetAsync(path, ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }
}
