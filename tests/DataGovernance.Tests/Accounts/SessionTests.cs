using System.Net;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Accounts;

/// <summary>Sessions: what users see of theirs, revoking one or all, admins revoking a user's, idle and absolute timeouts.</summary>
public sealed class SessionTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Records(string tenant) => $"/api/tenants/{tenant}/records/controls";

    [Fact]
    public async Task User_ListsTheirSessions_AndRevokesOne_ThenAllOthers()
    {
        var tenant = await hub.CreateTenantAsync();
        var (email, _) = await hub.CreateAccountAsync(tenant, Role.Member);
        var laptop = await hub.SignedInAsync(tenant, email, userAgent: "Laptop/1.0");
        var phone = await hub.SignedInAsync(tenant, email, userAgent: "Phone/2.0");
        var tablet = await hub.SignedInAsync(tenant, email, userAgent: "Tablet/3.0");
        using var onLaptop = hub.Client(laptop);

        var sessions = (await (await onLaptop.GetAsync("/api/auth/sessions", Ct)).ExpectAsync(HttpStatusCode.OK)).EnumerateArray().ToList();
        Assert.Equal(3, sessions.Count);
        var current = Assert.Single(sessions, session => session.GetProperty("current").GetBoolean());
        Assert.Equal(laptop.SessionId, current.GetProperty("id").GetString());
        Assert.Equal("Laptop/1.0", current.GetProperty("device").GetString());
        Assert.Equal("127.0.0.1", current.GetProperty("ipAddress").GetString());
        Assert.Equal(JsonValueKind.String, current.GetProperty("lastSeenAt").ValueKind);

        await (await onLaptop.DeleteAsync($"/api/auth/sessions/{phone.SessionId}", Ct)).ExpectAsync(HttpStatusCode.OK);
        using (var onPhone = hub.Client(phone))
        {
            await (await onPhone.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "session-ended");
        }

        var revoked = await (await onLaptop.DeleteAsync("/api/auth/sessions?keepCurrent=true", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(1, revoked.GetProperty("revoked").GetInt32());
        using var onTablet = hub.Client(tablet);
        await (await onTablet.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "session-ended");
        await (await onLaptop.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);

        await (await onLaptop.PostAsync("/api/auth/sign-out", null, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await onLaptop.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "session-ended");
        await (await hub.RefreshAsync(laptop.RefreshToken)).ExpectAsync(HttpStatusCode.Unauthorized, "session-ended");
    }

    [Fact]
    public async Task OneUser_CannotSeeOrEndAnotherUsersSession()
    {
        var tenant = await hub.CreateTenantAsync();
        var alice = await hub.SignedInAsync(tenant, (await hub.CreateAccountAsync(tenant, Role.Member)).Email);
        var bob = await hub.SignedInAsync(tenant, (await hub.CreateAccountAsync(tenant, Role.Member)).Email);
        using var asBob = hub.Client(bob);

        await (await asBob.DeleteAsync($"/api/auth/sessions/{alice.SessionId}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");

        var listed = await (await asBob.GetAsync("/api/auth/sessions", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(bob.SessionId, Assert.Single(listed.EnumerateArray()).GetProperty("id").GetString());
        using var asAlice = hub.Client(alice);
        await (await asAlice.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Admin_EndsAllOfAUsersSessions_ButNotInAnotherTenant()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        var (email, userId) = await hub.CreateAccountAsync(tenant, Role.Member);
        var first = await hub.SignedInAsync(tenant, email);
        var second = await hub.SignedInAsync(tenant, email);
        using var intruder = hub.TenantClient(other, Role.Owner);
        var url = $"/api/tenants/{tenant}/team/users/{userId}/sessions";

        await (await intruder.DeleteAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        using var admin = hub.TenantClient(tenant, Role.Admin);
        Assert.Equal(2, (await (await admin.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.OK)).GetArrayLength());
        var revoked = await (await admin.DeleteAsync(url, Ct)).ExpectAsync(HttpStatusCode.OK);

        Assert.Equal(2, revoked.GetProperty("revoked").GetInt32());
        foreach (var session in new[] { first, second })
        {
            using var client = hub.Client(session);
            await (await client.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "session-ended");
        }
    }

    [Fact]
    public async Task Sessions_EndAfterTheTenantsIdleAndAbsoluteTimeouts()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync($"/api/tenants/{tenant}/security/sign-in-policy",
            new { mfaRequirement = "Off", stepUpMinutes = 10, idleTimeoutMinutes = 30, absoluteTimeoutHours = 8 }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        var (email, _) = await hub.CreateAccountAsync(tenant, Role.Member);
        var idle = await hub.SignedInAsync(tenant, email);
        var old = await hub.SignedInAsync(tenant, email);
        var fresh = await hub.SignedInAsync(tenant, email);

        await SignInTests.AgeSessionAsync(hub, tenant, idle, TimeSpan.FromMinutes(31), TimeSpan.FromMinutes(31));
        await SignInTests.AgeSessionAsync(hub, tenant, old, TimeSpan.FromHours(8), TimeSpan.FromMinutes(1));
        await SignInTests.AgeSessionAsync(hub, tenant, fresh, TimeSpan.FromHours(7), TimeSpan.FromMinutes(29));

        foreach (var ended in new[] { idle, old })
        {
            using var client = hub.Client(ended);
            await (await client.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "session-ended");
            await (await hub.RefreshAsync(ended.RefreshToken)).ExpectAsync(HttpStatusCode.Unauthorized, "session-ended");
        }
        using var stillOpen = hub.Client(fresh);
        await (await stillOpen.GetAsync(Records(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
    }
}
