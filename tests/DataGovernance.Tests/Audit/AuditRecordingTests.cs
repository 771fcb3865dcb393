using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Audit;

public sealed class AuditRecordingTests(HubFixture hub)
{
    internal static readonly object Control = new { code = "AC-07", title = "Access logging", status = "implemented" };

    [Fact]
    public async Task Mutations_AreRecordedNewestFirst_WithActionMethodPathStatusActorAndCorrelationId()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var records = $"/api/tenants/{tenant}/records/controls";

        var created = await (await SendAsync(owner, HttpMethod.Post, records, "create-1", Control, ct)).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        var replacement = new { code = "AC-07", title = "Central access logging", status = "operating" };
        await (await SendAsync(owner, HttpMethod.Put, $"{records}/{id}", "replace-2", replacement, ct, ifMatch: "\"1\"")).ExpectAsync(HttpStatusCode.OK);
        await (await SendAsync(owner, HttpMethod.Delete, $"{records}/{id}", "delete-3", body: null, ct)).ExpectAsync(HttpStatusCode.NoContent);
        var settings = new { name = "Contoso Audited", dataResidency = "eu" };
        await (await SendAsync(owner, HttpMethod.Put, $"/api/tenants/{tenant}/settings/general", "settings-4", settings, ct, ifMatch: "\"1\"")).ExpectAsync(HttpStatusCode.OK);

        var entries = await owner.TenantAuditAsync(tenant, ct);
        Assert.Equal([4L, 3L, 2L, 1L], entries.Select(e => e.Sequence()));
        Assert.Equal(["UpdateGeneralSettings", "DeleteRecord", "ReplaceRecord", "CreateRecord"], entries.Select(e => e.Text("action")));
        Assert.Equal(["PUT", "DELETE", "PUT", "POST"], entries.Select(e => e.Text("method")));
        Assert.Equal([$"/api/tenants/{tenant}/settings/general", $"{records}/{id}", $"{records}/{id}", records], entries.Select(e => e.Text("path")));
        Assert.Equal([200, 204, 200, 201], entries.Select(e => e.StatusCode()));
        Assert.Equal(["settings-4", "delete-3", "replace-2", "create-1"], entries.Select(e => e.Text("correlationId")));
        Assert.All(entries, e =>
        {
            Assert.Equal("Success", e.Text("outcome"));
            Assert.Equal("user:user-owner", e.Text("actor"));
            Assert.Equal(tenant, e.Text("chainId"));
            Assert.Null(e.Reason());
        });
    }

    [Fact]
    public async Task FailedValidation_IsRecordedAsFailure_WithTheProblemCodeAsReason()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var invalid = new { code = "AC-08", status = "implemented" };
        await (await SendAsync(owner, HttpMethod.Post, $"/api/tenants/{tenant}/records/controls", "invalid-1", invalid, ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        var entry = Assert.Single(await owner.TenantAuditAsync(tenant, ct));
        Assert.Equal("CreateRecord", entry.Text("action"));
        Assert.Equal("Failure", entry.Text("outcome"));
        Assert.Equal("validation-failed", entry.Reason());
        Assert.Equal(422, entry.StatusCode());
        Assert.Equal("invalid-1", entry.Text("correlationId"));
    }

    [Fact]
    public async Task RequestWithoutCredentials_OnTheTenantsRoute_IsRecordedAsDenied()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var anonymous = hub.Anonymous();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        await (await SendAsync(anonymous, HttpMethod.Get, $"/api/tenants/{tenant}/records/controls", "anon-1", body: null, ct))
            .ExpectAsync(HttpStatusCode.Unauthorized, "missing-credentials");

        var entry = Assert.Single(await auditor.TenantAuditAsync(tenant, ct));
        Assert.Equal("ListRecords", entry.Text("action"));
        Assert.Equal("Denied", entry.Text("outcome"));
        Assert.Equal("missing-credentials", entry.Reason());
        Assert.Equal("anonymous", entry.Text("actor"));
        Assert.Equal(401, entry.StatusCode());
        Assert.Equal("anon-1", entry.Text("correlationId"));
    }

    [Fact]
    public async Task Forbidden_SettingsWriteByAMember_IsRecordedAsDenied()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var member = hub.TenantClient(tenant, Role.Member);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        await (await SendAsync(member, HttpMethod.Put, $"/api/tenants/{tenant}/settings/general", "member-1", new { name = "Mine now", dataResidency = "eu" }, ct, "\"1\""))
            .ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        var entry = Assert.Single(await auditor.TenantAuditAsync(tenant, ct));
        Assert.Equal("UpdateGeneralSettings", entry.Text("action"));
        Assert.Equal("Denied", entry.Text("outcome"));
        Assert.Equal("forbidden", entry.Reason());
        Assert.Equal("user:user-member", entry.Text("actor"));
        Assert.Equal(403, entry.StatusCode());
    }

    [Fact]
    public async Task AnotherTenantsOwner_ProbingThisTenant_IsRecordedAsDenied_InThisTenantsChain()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        var other = await hub.CreateTenantAsync();
        var intruderId = $"intruder-{Guid.NewGuid():N}";
        using var intruder = hub.WithBearer(HubFixture.DevToken(other, intruderId, Role.Owner));
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        using var otherAuditor = hub.TenantClient(other, Role.Auditor);

        await (await SendAsync(intruder, HttpMethod.Get, $"/api/tenants/{tenant}/records/controls", "probe-1", body: null, ct))
            .ExpectAsync(HttpStatusCode.NotFound, "not-found");

        var entry = Assert.Single(await auditor.TenantAuditAsync(tenant, ct));
        Assert.Equal("ListRecords", entry.Text("action"));
        Assert.Equal("Denied", entry.Text("outcome"));
        Assert.Equal($"user:{intruderId}", entry.Text("actor"));
        Assert.Equal(404, entry.StatusCode());
        Assert.Equal("not-found", entry.Reason());
        Assert.Equal("probe-1", entry.Text("correlationId"));
        Assert.Empty(await otherAuditor.TenantAuditAsync(other, ct));
    }

    [Fact]
    public async Task PlainReads_ByTenantUsers_AreNotRecorded()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var created = await (await owner.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", Control, ct)).ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        foreach (var url in new[]
                 {
                     $"/api/tenants/{tenant}/records/controls", $"/api/tenants/{tenant}/records/controls/{id}",
                     $"/api/tenants/{tenant}/records/controls/missing-record", $"/api/tenants/{tenant}/settings/general",
                     $"/api/tenants/{tenant}/timeline", $"/api/tenants/{tenant}/audit", $"/api/tenants/{tenant}/audit/verify",
                 })
        {
            using var read = await owner.GetAsync(url, ct);
            Assert.True(read.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{url} answered {(int)read.StatusCode}");
            using var auditorRead = await auditor.GetAsync(url, ct);
            Assert.True(auditorRead.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{url} answered {(int)auditorRead.StatusCode}");
        }
        await (await owner.DeleteAsync($"/api/tenants/{tenant}/records/controls/{id}", ct)).ExpectAsync(HttpStatusCode.NoContent);

        var entries = await auditor.TenantAuditAsync(tenant, ct);
        Assert.Equal(["DeleteRecord", "CreateRecord"], entries.Select(e => e.Text("action")));
    }

    [Fact]
    public async Task Reads_ByAPlatformAdmin_OnTheTenantsRoutes_AreRecorded()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var admin = hub.PlatformAdmin();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        await (await SendAsync(admin, HttpMethod.Get, $"/api/tenants/{tenant}/records/controls", "admin-read-1", body: null, ct)).ExpectAsync(HttpStatusCode.OK);
        await (await SendAsync(admin, HttpMethod.Get, $"/api/tenants/{tenant}/settings/general", "admin-read-2", body: null, ct)).ExpectAsync(HttpStatusCode.OK);

        var entries = await auditor.TenantAuditAsync(tenant, ct);
        Assert.Equal(["GetGeneralSettings", "ListRecords"], entries.Select(e => e.Text("action")));
        Assert.Equal(["admin-read-2", "admin-read-1"], entries.Select(e => e.Text("correlationId")));
        Assert.All(entries, e =>
        {
            Assert.Equal("GET", e.Text("method"));
            Assert.Equal("Success", e.Text("outcome"));
            Assert.Equal("user:platform-admin", e.Text("actor"));
            Assert.Equal(200, e.StatusCode());
        });
    }

    internal static async Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string url, string correlationId, object? body, CancellationToken ct, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        request.Headers.Add("X-Correlation-Id", correlationId);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await client.SendAsync(request, ct);
    }

    internal static async Task<JsonElement> CreateControlAsync(HttpClient client, string tenant, CancellationToken ct) =>
        await (await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", Control, ct)).ExpectAsync(HttpStatusCode.Created);
}
