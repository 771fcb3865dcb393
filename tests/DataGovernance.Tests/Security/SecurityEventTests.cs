using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>Security events: what the hub's own changes record, the listing, and tenant isolation of both routes.</summary>
public sealed class SecurityEventTests(HubFixture hub)
{
    private const string OwnerActor = "user:user-owner";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Events(string tenant, string query = "") => $"/api/tenants/{tenant}/security/events{query}";

    private static string Dashboard(string tenant) => $"/api/tenants/{tenant}/security/dashboard";

    private SecurityEventService Service => hub.App.Services.GetRequiredService<SecurityEventService>();

    [Fact]
    public async Task CreatingAndRevokingAnApiKey_RecordsOneEventEach_WithActorAndAddress()
    {
        var tenant = await hub.CreateTenantAsync();
        var (keyId, _) = await hub.CreateApiKeyAsync(tenant, Permission.RecordsRead.ToScope());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PostAsync($"/api/tenants/{tenant}/settings/api-keys/{keyId}/revoke", null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PostAsync($"/api/tenants/{tenant}/settings/api-keys/{keyId}/revoke", null, Ct)).ExpectAsync(HttpStatusCode.OK);

        var created = Assert.Single(await owner.ReadAllPagesAsync(Events(tenant, "?type=ApiKeyCreated"), Ct));
        AssertRecordedByOwner(created, "ApiKeyCreated");
        Assert.Equal(keyId, created.GetProperty("subject").GetString());
        Assert.Equal("records.read", created.GetProperty("details").GetProperty("scopes").GetString());
        var revoked = Assert.Single(await owner.ReadAllPagesAsync(Events(tenant, "?type=ApiKeyRevoked"), Ct));
        AssertRecordedByOwner(revoked, "ApiKeyRevoked");
        Assert.Equal(keyId, revoked.GetProperty("subject").GetString());
    }

    [Fact]
    public async Task ChangingTheAllowlistSsoSettingsAndRateLimits_RecordsAnEventEach()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        await (await owner.PutJsonAsync($"/api/tenants/{tenant}/security/ip-allowlist",
            new { entries = new object[] { new { cidr = "127.0.0.1/32" }, new { cidr = "::1" } } }, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync($"/api/tenants/{tenant}/security/sso", new { justInTimeProvisioning = false }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync($"/api/tenants/{tenant}/security/rate-limits",
            new { requestsPerSecond = 1000, burst = 2000, apiKeyRequestsPerSecond = 500, apiKeyBurst = 1000 }, null, Ct)).ExpectAsync(HttpStatusCode.OK);

        var events = await owner.ReadAllPagesAsync(Events(tenant), Ct);
        Assert.Equal(["RateLimitsChanged", "SsoSettingsChanged", "IpAllowlistChanged"], events.Select(e => e.GetProperty("type").GetString()));
        Assert.All(events, e => AssertRecordedByOwner(e, e.GetProperty("type").GetString()!));
        Assert.Equal("2", events[2].GetProperty("details").GetProperty("entries").GetString());
        Assert.Equal("1", events[1].GetProperty("details").GetProperty("version").GetString());
        Assert.Equal("2000", events[0].GetProperty("details").GetProperty("burst").GetString());
    }

    [Fact]
    public async Task ChangingRolesThroughTheApi_RecordsPreviousAndNewRoles_AndAnUnchangedPutRecordsNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var url = $"/api/tenants/{tenant}/team/role-assignments/user-7";

        await (await owner.PutJsonAsync(url, Roles("Auditor"), null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync(url, Roles("Auditor", "ComplianceManager"), null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync(url, Roles("ComplianceManager", "Auditor"), null, Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.DeleteAsync(url, Ct)).ExpectAsync(HttpStatusCode.NoContent);

        var changes = (await owner.ReadAllPagesAsync(Events(tenant, "?type=RoleChanged"), Ct)).AsEnumerable().Reverse().ToList();
        Assert.All(changes, change => AssertRecordedByOwner(change, "RoleChanged"));
        Assert.All(changes, change => Assert.Equal("user-7", change.GetProperty("subject").GetString()));
        Assert.Equal([("", "Auditor"), ("Auditor", "ComplianceManager,Auditor"), ("ComplianceManager,Auditor", "")],
            changes.Select(change => (Detail(change, "previousRoles"), Detail(change, "roles"))));
    }

    [Fact]
    public async Task Listing_IsNewestFirst_FiltersByTypeAndRange_AndPages()
    {
        var tenant = await hub.CreateTenantAsync();
        var context = new WriteContext(new Actor("user:someone"), "corr-1", "203.0.113.9");
        var recorded = new List<SecurityEvent>();
        foreach (var type in new[] { SecurityEventType.MfaEnrolled, SecurityEventType.SessionRevoked, SecurityEventType.MfaEnrolled, SecurityEventType.UserDeactivated, SecurityEventType.MfaEnrolled })
        {
            recorded.Add(await Service.RecordAsync(tenant, type, context, "user-1", null, Ct));
        }
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var all = await owner.ReadAllPagesAsync(Events(tenant, "?pageSize=2"), Ct);
        Assert.Equal(recorded.Select(e => e.Id).Reverse(), all.Select(e => e.GetProperty("id").GetString()));
        Assert.Equal("203.0.113.9", all[0].GetProperty("clientIp").GetString());
        Assert.Equal("user:someone", all[0].GetProperty("actor").GetString());
        Assert.Equal("corr-1", all[0].GetProperty("correlationId").GetString());
        Assert.Equal(3, (await owner.ReadAllPagesAsync(Events(tenant, "?type=MfaEnrolled&pageSize=1"), Ct)).Count);

        var (start, end) = (recorded[1].OccurredAt, recorded[3].OccurredAt.AddMilliseconds(1));
        var (from, to) = (Uri.EscapeDataString(start.ToString("O")), Uri.EscapeDataString(end.ToString("O")));
        var inRange = await owner.ReadAllPagesAsync(Events(tenant, $"?from={from}&to={to}"), Ct);
        Assert.Equal(recorded.Where(e => e.OccurredAt >= start && e.OccurredAt < end).Select(e => e.Id).Reverse(), inRange.Select(e => e.GetProperty("id").GetString()));

        var reversed = await (await owner.GetAsync(Events(tenant, $"?from={to}&to={from}"), Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(reversed.FieldErrors("from"));
        var page = await (await owner.GetAsync(Events(tenant, "?pageSize=2"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var token = Uri.EscapeDataString(page.GetProperty("continuationToken").GetString()!);
        await (await owner.GetAsync(Events(tenant, $"?pageSize=2&type=MfaEnrolled&continuationToken={token}"), Ct))
            .ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
        await (await owner.GetAsync(Events(tenant, "?type=Nonsense"), Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
    }

    [Fact]
    public async Task BothRoutes_WithAnotherTenantsOwner_Return404_AndForAMember_Return403()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        await Service.RecordAsync(other, SecurityEventType.MfaRemoved, new WriteContext(new Actor("user:x"), "c", null), "user-x", null, Ct);
        using var intruder = hub.TenantClient(other, Role.Owner);
        using var member = hub.TenantClient(tenant, Role.Member);
        using var owner = hub.TenantClient(tenant, Role.Owner);

        foreach (var url in new[] { Events(tenant), Dashboard(tenant) })
        {
            await (await intruder.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
            await (await member.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        }
        Assert.Empty(await owner.ReadAllPagesAsync(Events(tenant), Ct));
        var dashboard = await (await owner.GetAsync(Dashboard(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(dashboard.GetProperty("totals").EnumerateObject());
        Assert.Single(await intruder.ReadAllPagesAsync(Events(other), Ct));
    }

    private static void AssertRecordedByOwner(JsonElement recorded, string type)
    {
        Assert.Equal(type, recorded.GetProperty("type").GetString());
        Assert.Equal(OwnerActor, recorded.GetProperty("actor").GetString());
        Assert.True(IPAddress.TryParse(recorded.GetProperty("clientIp").GetString(), out var address) && IPAddress.IsLoopback(address),
            $"Expected a loopback client address, got {recorded.GetProperty("clientIp")}.");
    }

    private static string Detail(JsonElement recorded, string name) => recorded.GetProperty("details").GetProperty(name).GetString()!;

    private static object Roles(params string[] roles) => new { roles };
}
