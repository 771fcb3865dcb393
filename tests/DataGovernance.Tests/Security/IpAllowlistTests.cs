using System.Net;
using System.Text.Json;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Settings;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>The tenant IP allowlist: its API, the self-lockout refusal and its enforcement on every tenant route.</summary>
public sealed class IpAllowlistTests(HubFixture hub)
{
    /// <summary>Whatever loopback address the test client connects from.</summary>
    private static readonly object[] Loopback = [new { cidr = "127.0.0.1/32", description = "this machine" }, new { cidr = "::1" }];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Url(string tenant) => $"/api/tenants/{tenant}/security/ip-allowlist";

    private static string Records(string tenant) => $"/api/tenants/{tenant}/records/controls";

    [Fact]
    public async Task Owner_SetsAListWithTheirOwnAddress_AndTenantRoutesKeepWorking()
    {
        var tenant = await hub.CreateTenantAsync();
        var (_, secret) = await hub.CreateApiKeyAsync(tenant, Permission.RecordsRead.ToScope());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var apiKey = hub.WithApiKey(secret);

        var empty = await owner.GetAsync(Url(tenant), Ct);
        Assert.Equal("\"0\"", empty.Headers.ETag!.Tag);
        Assert.Equal(0, (await empty.ExpectAsync(HttpStatusCode.OK)).GetProperty("entries").GetArrayLength());

        var replaced = await owner.PutJsonAsync(Url(tenant), new { entries = Loopback.Append(new { cidr = "203.0.113.0/24" }) }, "\"0\"", Ct);
        var body = await replaced.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", replaced.Headers.ETag!.Tag);
        Assert.Equal(["127.0.0.1/32", "::1/128", "203.0.113.0/24"], Cidrs(body));
        Assert.Equal("this machine", body.GetProperty("entries")[0].GetProperty("description").GetString());

        await (await owner.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await apiKey.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(Cidrs(body), Cidrs(await (await owner.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)));
    }

    [Fact]
    public async Task Replace_ThatWouldShutOutTheCaller_Returns409AllowlistLocksYouOut_AndStoresNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        await (await owner.PutJsonAsync(Url(tenant), new { entries = new[] { new { cidr = "203.0.113.0/24" }, new { cidr = "2001:db8::/32" } } }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.Conflict, "allowlist-locks-you-out");

        var stored = await (await owner.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, stored.GetProperty("version").GetInt64());
        Assert.Empty(Cidrs(stored));
        await (await owner.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task ListExcludingTheClient_RefusesTheTenantsUsersAndApiKeys_WithIpNotAllowed_ButNotOthers()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        var services = hub.App.Services;
        // Created in-process so that no request of this tenant's own has passed the access check before the list exists.
        var key = await services.GetRequiredService<ApiKeyService>().CreateAsync(
            tenant, new NewApiKeyRequest("automation", [Permission.RecordsRead.ToScope()], null), Caller.ForUser("owner-1", tenant, [Role.Owner]),
            new WriteContext(new Actor("user:owner-1"), "test"), Ct);
        var list = new IpAllowlist(tenant, [new IpAllowlistEntry("203.0.113.0/24", null)], 1, DateTimeOffset.UtcNow, "user:owner-1");
        Assert.True((await services.GetRequiredService<IpAllowlistStore>().SaveAsync(list, null, Ct)).Succeeded);

        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var apiKey = hub.WithApiKey(key.Value!.Secret);
        await (await owner.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "ip-not-allowed");
        await (await owner.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "ip-not-allowed");
        await (await apiKey.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "ip-not-allowed");

        using var otherOwner = hub.TenantClient(other, Role.Owner);
        await (await otherOwner.GetAsync(Records(other), Ct)).ExpectAsync(HttpStatusCode.OK);

        using var admin = hub.PlatformAdmin();
        await (await admin.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await Eventually.TrueAsync(
            async () => (await admin.TenantAuditAsync(tenant, Ct)).Any(entry => entry.StatusCode() == 403 && entry.Reason() == "ip-not-allowed"),
            TimeSpan.FromSeconds(10), "The refused requests were not audited with reason ip-not-allowed.");

        // The platform admin is not bound by the list, and lifting it applies at once on this instance.
        await (await admin.PutJsonAsync(Url(tenant), new { entries = Array.Empty<object>() }, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await apiKey.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Replace_WithInvalidEntries_Returns422_WithAnErrorPerEntry_AndStoresNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        object[] entries =
        [
            .. Loopback, new { cidr = "10.0.0.0/33" }, new { cidr = "not-an-address" }, new { cidr = "2001:db8::/129" },
            new { cidr = "" }, new { cidr = "10.1" }, new { cidr = "127.0.0.1/32" }, new { cidr = "fe80::1%eth0" },
        ];

        var problem = await (await owner.PutJsonAsync(Url(tenant), new { entries }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        var fields = problem.GetProperty("errors").EnumerateObject().Select(field => field.Name).Order(StringComparer.Ordinal);
        Assert.Equal(Enumerable.Range(2, 7).Select(i => $"entries[{i}].cidr"), fields);
        Assert.Contains("entries[0]", problem.FieldErrors("entries[7].cidr")[0], StringComparison.Ordinal);
        Assert.Equal(0, (await (await owner.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Replace_WithMoreThan100Entries_Returns422()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var entries = Loopback.Concat(Enumerable.Range(0, IpAllowlist.MaxEntries - 1).Select(i => (object)new { cidr = $"10.0.{i}.0/24" })).ToArray();
        Assert.Equal(IpAllowlist.MaxEntries + 1, entries.Length);

        var problem = await (await owner.PutJsonAsync(Url(tenant), new { entries }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.Single(problem.FieldErrors("entries"));
        await (await owner.PutJsonAsync(Url(tenant), new { entries = entries[..IpAllowlist.MaxEntries] }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Replace_NormalisesIPv4AndIPv6Networks()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        object[] entries =
        [
            .. Loopback, new { cidr = " 2001:DB8:0:0:1::/32 " }, new { cidr = "10.1.2.3/8" }, new { cidr = "192.0.2.7" },
            new { cidr = "::ffff:198.51.100.0/120" }, new { cidr = "2001:db8:abcd::1" },
        ];

        var body = await (await owner.PutJsonAsync(Url(tenant), new { entries }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(
            ["127.0.0.1/32", "::1/128", "2001:db8::/32", "10.0.0.0/8", "192.0.2.7/32", "198.51.100.0/24", "2001:db8:abcd::1/128"],
            Cidrs(body));
    }

    [Fact]
    public void Networks_MatchIPv4MappedClientAddresses_AgainstIPv4Entries()
    {
        var list = new IpAllowlist("t", [new IpAllowlistEntry("10.0.0.0/8", null), new IpAllowlistEntry("2001:db8::/32", null)], 1, null, null);
        var networks = IpNetworks.Of(list);

        Assert.True(networks.Allows(IPAddress.Parse("::ffff:10.20.30.40")));
        Assert.True(networks.Allows(IPAddress.Parse("10.20.30.40")));
        Assert.True(networks.Allows(IPAddress.Parse("2001:db8:1::5")));
        Assert.False(networks.Allows(IPAddress.Parse("::ffff:11.0.0.1")));
        Assert.False(networks.Allows(null));
        Assert.True(IpNetworks.Of(IpAllowlist.Empty("t")).Allows(null));
    }

    [Fact]
    public async Task Replace_WithoutOrWithStaleIfMatch_IsRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        await (await owner.PutJsonAsync(Url(tenant), new { entries = Loopback }, ifMatch: null, Ct)).ExpectAsync(HttpStatusCode.PreconditionRequired, "if-match-required");
        await (await owner.PutJsonAsync(Url(tenant), new { entries = Loopback }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync(Url(tenant), new { entries = Array.Empty<object>() }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        Assert.Equal(2, Cidrs(await (await owner.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).Length);
    }

    [Fact]
    public async Task AnotherTenantsOwner_GetsNotFound_OnBothRoutes()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var intruder = hub.TenantClient(other, Role.Owner);

        await (await intruder.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PutJsonAsync(Url(tenant), new { entries = Loopback }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");

        using var owner = hub.TenantClient(tenant, Role.Owner);
        Assert.Equal(0, (await (await owner.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Auditor_ReadsTheList_ButCannotReplaceIt()
    {
        var tenant = await hub.CreateTenantAsync();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        await (await auditor.GetAsync(Url(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await auditor.PutJsonAsync(Url(tenant), new { entries = Loopback }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    private static string[] Cidrs(JsonElement list) =>
        [.. list.GetProperty("entries").EnumerateArray().Select(entry => entry.GetProperty("cidr").GetString()!)];
}
