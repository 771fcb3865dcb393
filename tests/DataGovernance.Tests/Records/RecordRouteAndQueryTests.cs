using System.Net;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Records;

/// <summary>Malformed route values and query parameters of the record routes: 4xx with a clear problem, nothing changed.</summary>
public sealed class RecordRouteAndQueryTests(HubFixture hub)
{
    [Fact]
    public async Task UnknownCollection_Returns404UnknownCollection_ForEveryVerb_AndStoresNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);
        var url = CollectionUrl(tenant, "widgets");

        var created = await client.SendRawAsync(HttpMethod.Post, url, """{"title":"Widget","status":"draft"}""");
        var problem = await created.ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");
        Assert.Contains("controls", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await (await client.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");
        await (await client.GetAsync($"{url}/some-id", Ct)).ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");
        await (await client.SendRawAsync(HttpMethod.Put, $"{url}/some-id", """{"title":"Widget"}""", "*")).ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");
        await (await client.DeleteAsync($"{url}/some-id", Ct)).ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");
        await (await client.GetAsync($"{TimelineUrl(tenant)}?collection=widgets", Ct)).ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");

        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
    }

    [Theory]
    [InlineData("Bad_Tenant!")]
    [InlineData("ab")]
    [InlineData("UPPER-case")]
    [InlineData("-leading-hyphen")]
    [InlineData("platform")]
    public async Task MalformedTenantIdInRoute_Returns400InvalidTenantId_AndStoresNothing(string routeTenant)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        var created = await client.SendRawAsync(HttpMethod.Post, $"/api/tenants/{routeTenant}/records/controls", """{"code":"AC-09","title":"Sneaky","status":"draft"}""");
        await created.ExpectAsync(HttpStatusCode.BadRequest, "invalid-tenant-id");
        await (await client.GetAsync($"/api/tenants/{routeTenant}/records/controls", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-tenant-id");
        await (await client.GetAsync($"/api/tenants/{routeTenant}/timeline", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-tenant-id");

        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
    }

    [Theory]
    [InlineData("bad%20id")]
    [InlineData("bad.id")]
    [InlineData("bad%3Aid")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task MalformedRecordId_Returns400InvalidRecordId_ForReadReplaceAndDelete_AndStoresNothing(string id)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);
        var url = RecordUrl(tenant, "controls", id);

        await (await client.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-record-id");
        await (await client.PutJsonAsync(url, ValidControl, "*")).ExpectAsync(HttpStatusCode.BadRequest, "invalid-record-id");
        await (await client.DeleteAsync(url, Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-record-id");

        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=201", "pageSize")]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("pageSize=-1", "pageSize")]
    [InlineData("pageSize=abc", "pageSize")]
    [InlineData("updatedSince=notadate", "updatedSince")]
    public async Task ListRecords_WithBadParameter_Returns400InvalidParameter(string query, string parameter)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);

        var response = await client.GetAsync($"{CollectionUrl(tenant, "controls")}?{query}", Ct);

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.NotEmpty(problem.FieldErrors(parameter));
    }

    [Theory]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("pageSize=500", "pageSize")]
    [InlineData("pageSize=abc", "pageSize")]
    [InlineData("from=notadate", "from")]
    [InlineData("to=yesterday", "to")]
    public async Task Timeline_WithBadParameter_Returns400InvalidParameter(string query, string parameter)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);

        var response = await client.GetAsync($"{TimelineUrl(tenant)}?{query}", Ct);

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.NotEmpty(problem.FieldErrors(parameter));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("eyJub3QiOiJhbiBlbnZlbG9wZSJ9")]
    [InlineData("%%%")]
    public async Task Listings_WithGarbageContinuationToken_Return400(string token)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        await client.CreateIdAsync(tenant, "controls", ValidControl);
        var escaped = Uri.EscapeDataString(token);

        await (await client.GetAsync($"{CollectionUrl(tenant, "controls")}?continuationToken={escaped}", Ct))
            .ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
        await (await client.GetAsync($"{TimelineUrl(tenant)}?continuationToken={escaped}", Ct))
            .ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
    }

    [Fact]
    public async Task ListRecords_WithTokenFromAnotherListing_Returns400()
    {
        var tenant = await hub.CreateTenantAsync();
        var other = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        using var otherClient = hub.TenantClient(other, Role.ComplianceManager);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateAsync(tenant, "controls", ValidControl);
            await client.CreateAsync(tenant, "risks", new { title = "Breach", status = "identified", likelihood = 2, impact = 3 });
            await otherClient.CreateAsync(other, "controls", ValidControl);
        }
        var controls = CollectionUrl(tenant, "controls");
        var (_, riskToken) = await client.PageAsync($"{CollectionUrl(tenant, "risks")}?pageSize=1");
        var (_, implementedToken) = await client.PageAsync($"{controls}?pageSize=1&status=implemented");
        var (_, timelineToken) = await client.PageAsync($"{TimelineUrl(tenant)}?pageSize=1");
        var (_, otherTenantToken) = await otherClient.PageAsync($"{CollectionUrl(other, "controls")}?pageSize=1");
        Assert.All(new[] { riskToken, implementedToken, timelineToken, otherTenantToken }, Assert.NotNull);

        string[] refused =
        [
            $"{controls}?pageSize=1&continuationToken={Uri.EscapeDataString(riskToken!)}",
            $"{controls}?pageSize=1&status=draft&continuationToken={Uri.EscapeDataString(implementedToken!)}",
            $"{controls}?pageSize=1&continuationToken={Uri.EscapeDataString(implementedToken!)}",
            $"{controls}?pageSize=1&status=implemented&owner=alice&continuationToken={Uri.EscapeDataString(implementedToken!)}",
            $"{controls}?pageSize=1&continuationToken={Uri.EscapeDataString(timelineToken!)}",
            $"{controls}?pageSize=1&continuationToken={Uri.EscapeDataString(otherTenantToken!)}",
            $"{TimelineUrl(tenant)}?pageSize=1&continuationToken={Uri.EscapeDataString(riskToken!)}",
            $"{TimelineUrl(tenant)}?pageSize=1&collection=controls&continuationToken={Uri.EscapeDataString(timelineToken!)}",
        ];
        foreach (var url in refused)
        {
            await (await client.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
        }

        var (page, _) = await client.PageAsync($"{controls}?pageSize=1&status=implemented&continuationToken={Uri.EscapeDataString(implementedToken!)}");
        Assert.Single(page);
    }

    [Fact]
    public async Task UnsupportedMethodOnARecord_Returns405MethodNotAllowed_AndStoresNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        var response = await client.SendRawAsync(HttpMethod.Patch, RecordUrl(tenant, "controls", id), """{"title":"Patched"}""", "\"1\"");

        await response.ExpectAsync(HttpStatusCode.MethodNotAllowed, "method-not-allowed");
        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
    }
}
