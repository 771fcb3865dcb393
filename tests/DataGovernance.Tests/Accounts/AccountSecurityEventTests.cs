using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Security;
using Xunit;

namespace DataGovernance.Tests.Accounts;

/// <summary>What sign-in, sessions, MFA and deactivation leave in the tenant's security events.</summary>
public sealed class AccountSecurityEventTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<JsonElement>> EventsAsync(string tenant, string? type = null)
    {
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var url = $"/api/tenants/{tenant}/security/events?pageSize=200" + (type is null ? "" : $"&type={type}");
        return [.. (await (await owner.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];
    }

    [Fact]
    public async Task SignIns_Failures_Lockouts_AndMfaChanges_AreRecorded_WithoutAddresses()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, userId) = await hub.CreateAccountAsync(tenant, Role.Admin);
        for (var i = 0; i < 5; i++)
        {
            await hub.SignInAsync(tenant, email, "wrong password entirely");
        }
        var (other, otherId) = await hub.CreateAccountAsync(tenant, Role.Member);
        using (var client = hub.Client(await hub.SignedInAsync(tenant, other)))
        {
            await client.EnrollActiveAsync();
            await client.RegenerateBackupCodesAsync();
        }

        var failed = await EventsAsync(tenant, "SignInFailed");
        Assert.Equal(5, failed.Count);
        Assert.All(failed, e => Assert.Equal(userId, e.GetProperty("subject").GetString()));
        Assert.All(failed, e => Assert.Equal("127.0.0.1", e.GetProperty("clientIp").GetString()));
        Assert.Single(await EventsAsync(tenant, "AccountLockedOut"));
        var succeeded = Assert.Single(await EventsAsync(tenant, "SignInSucceeded"));
        Assert.Equal(otherId, succeeded.GetProperty("subject").GetString());
        Assert.Equal("Member", succeeded.GetProperty("details").GetProperty("roles").GetString());
        Assert.Single(await EventsAsync(tenant, "MfaEnrolled"));
        Assert.Single(await EventsAsync(tenant, "BackupCodesRegenerated"));
        var all = await EventsAsync(tenant);
        Assert.DoesNotContain(all, e => e.GetRawText().Contains(email, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task FailedSignInsAgainstManyAddressesFromOneIp_RaiseTheFailureBurstAlert()
    {
        var tenant = await hub.CreateTenantAsync();
        foreach (var address in Enumerable.Range(0, 5).Select(_ => AccountsApi.UniqueEmail()))
        {
            await hub.SignInAsync(tenant, address, "wrong password entirely");
            await hub.SignInAsync(tenant, address, "another wrong password");
        }

        using var owner = hub.TenantClient(tenant, Role.Owner);
        var dashboard = await (await owner.GetAsync($"/api/tenants/{tenant}/security/dashboard", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(10, dashboard.GetProperty("totals").GetProperty("SignInFailed").GetInt32());
        Assert.Contains(dashboard.GetProperty("alerts").EnumerateArray(), alert => alert.GetProperty("kind").GetString() == "security-failure-burst");
    }

    [Fact]
    public async Task RefreshTokenReuse_AndAnAdminEndingSessions_AreRecorded()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, userId) = await hub.CreateAccountAsync(tenant, Role.Member);
        var first = await hub.SignedInAsync(tenant, email);
        await hub.RefreshAsync(first.RefreshToken);
        await hub.RefreshAsync(first.RefreshToken);
        await hub.SignedInAsync(tenant, email);
        using var admin = hub.TenantClient(tenant, Role.Admin);
        await (await admin.DeleteAsync($"/api/tenants/{tenant}/team/users/{userId}/sessions", Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(userId, Assert.Single(await EventsAsync(tenant, "RefreshTokenReused")).GetProperty("subject").GetString());
        Assert.Single(await EventsAsync(tenant, "SessionRevoked"));
    }

    [Fact]
    public async Task DeactivatingAUser_EndsTheirSessions_AndTheirPasswordNoLongerSignsIn()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, userId) = await hub.CreateAccountAsync(tenant, Role.Member);
        var signedIn = await hub.SignedInAsync(tenant, email);
        using var owner = hub.TenantClient(tenant, Role.Owner);

        await (await owner.PostAsync($"/api/tenants/{tenant}/team/users/{userId}/deactivate", null, Ct)).ExpectAsync(HttpStatusCode.OK);

        await (await hub.RefreshAsync(signedIn.RefreshToken)).ExpectAsync(HttpStatusCode.Unauthorized, "session-ended");
        await (await hub.SignInAsync(tenant, email, AccountsApi.GoodPassword)).ExpectAsync(HttpStatusCode.Forbidden, "user-deactivated");
        Assert.Single(await EventsAsync(tenant, "UserDeactivated"));
        await (await owner.PostAsync($"/api/tenants/{tenant}/team/users/{userId}/reactivate", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await hub.SignedInAsync(tenant, email);
    }
}
