using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using DataGovernance.Functions.Identity;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

public sealed class DevTokenTests(HubFixture hub)
{
    private static readonly DevAuthOptions HubDevAuth = new() { Enabled = true, SigningKey = HubFixture.DevSigningKey };

    [Fact]
    public async Task ExpiredToken_Returns401TokenExpired_AndWritesNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        var before = await hub.StateAsync(tenant);
        var token = DevTokens.Create(HubDevAuth, "alice", tenant, [Role.Owner], DateTimeOffset.UtcNow.AddHours(-2), TimeSpan.FromHours(1));
        using var client = hub.WithBearer(token);

        var response = await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", TenantProbe.Control, TestContext.Current.CancellationToken);

        await response.ExpectAsync(HttpStatusCode.Unauthorized, "token-expired");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Fact]
    public async Task TokenSignedWithAnotherKey_Returns401InvalidToken_AndWritesNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        var before = await hub.StateAsync(tenant);
        var foreign = new DevAuthOptions { Enabled = true, SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
        var token = DevTokens.Create(foreign, "alice", tenant, [Role.Owner], DateTimeOffset.UtcNow, TimeSpan.FromHours(1));
        using var client = hub.WithBearer(token);

        var response = await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", TenantProbe.Control, TestContext.Current.CancellationToken);

        await response.ExpectAsync(HttpStatusCode.Unauthorized, "invalid-token");
        Assert.Equal(before, await hub.StateAsync(tenant));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJhbGciOiJIUzI1NiJ9.e30.")]
    [InlineData("a.b.c")]
    public async Task GarbageBearer_Returns401InvalidToken(string token)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.WithBearer(token);

        var response = await client.GetAsync($"/api/tenants/{tenant}/records/controls", TestContext.Current.CancellationToken);

        await response.ExpectAsync(HttpStatusCode.Unauthorized, "invalid-token");
    }

    [Fact]
    public async Task PlatformRoleInATenantToken_GrantsNoPlatformRights()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        var ct = TestContext.Current.CancellationToken;
        using var client = hub.WithBearer(HubFixture.DevToken(tenant, "mallory", Role.PlatformAdmin));

        await (await client.GetAsync("/api/admin/tenants", ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.PostAsJsonAsync($"/api/admin/tenants/{other}/deactivate", new { }, ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await client.GetAsync($"/api/tenants/{other}/records/controls", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await client.GetAsync($"/api/tenants/{tenant}/records/controls", ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal("Active", (await hub.StateAsync(other)).Status);
    }

    [Fact]
    public async Task DeactivatedTenant_RefusesItsUsersAndKeys_ButNotThePlatformAdmin_UntilReactivated()
    {
        var tenant = await hub.CreateTenantAsync();
        var ct = TestContext.Current.CancellationToken;
        var (_, key) = await hub.CreateApiKeyAsync(tenant, "records.read", "records.write");
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var apiKey = hub.WithApiKey(key);
        using var admin = hub.PlatformAdmin();
        var records = $"/api/tenants/{tenant}/records/controls";

        var deactivated = await (await admin.PostAsync($"/api/admin/tenants/{tenant}/deactivate", null, ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Deactivated", deactivated.GetProperty("status").GetString());
        var before = await hub.StateAsync(tenant);

        await (await owner.GetAsync(records, ct)).ExpectAsync(HttpStatusCode.Forbidden, "tenant-deactivated");
        await (await owner.PostAsJsonAsync(records, TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.Forbidden, "tenant-deactivated");
        await (await apiKey.PostAsJsonAsync(records, TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.Forbidden, "tenant-deactivated");
        await (await admin.GetAsync(records, ct)).ExpectAsync(HttpStatusCode.OK);
        var settings = await (await admin.GetAsync($"/api/tenants/{tenant}/settings/general", ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Deactivated", settings.GetProperty("status").GetString());
        Assert.Equal(before, await hub.StateAsync(tenant));

        await (await admin.PostAsync($"/api/admin/tenants/{tenant}/reactivate", null, ct)).ExpectAsync(HttpStatusCode.OK);

        await (await owner.GetAsync(records, ct)).ExpectAsync(HttpStatusCode.OK);
        await (await apiKey.PostAsJsonAsync(records, TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("Active", (await hub.StateAsync(tenant)).Status);
    }
}
