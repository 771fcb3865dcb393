using System.Net;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Records;

/// <summary>If-Match on record writes: required on PUT, honoured on DELETE, strong quoted versions only.</summary>
public sealed class RecordPreconditionTests(HubFixture hub)
{
    private static readonly object Replacement = new { code = "AC-01", title = "Monthly access review", status = "operating" };

    [Fact]
    public async Task Replace_WithoutIfMatch_Returns428_AndKeepsTheRecord()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        var response = await client.PutJsonAsync(RecordUrl(tenant, "controls", id), Replacement, ifMatch: null);

        await response.ExpectAsync(HttpStatusCode.PreconditionRequired, "if-match-required");
        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
        Assert.Equal(1, (await client.GetRecordAsync(tenant, "controls", id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Replace_WithStaleIfMatch_Returns412_AndKeepsTheRecord()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var url = RecordUrl(tenant, "controls", id);
        await (await client.PutJsonAsync(url, Replacement, "\"1\"")).ExpectAsync(HttpStatusCode.OK);
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        var stale = await client.PutJsonAsync(url, new { code = "AC-01", title = "Lost update", status = "retired" }, "\"1\"");

        await stale.ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
        var record = await client.GetRecordAsync(tenant, "controls", id);
        Assert.Equal(2, record.GetProperty("version").GetInt64());
        Assert.Equal("Monthly access review", record.GetProperty("data").GetProperty("title").GetString());
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("W/\"1\"")]
    [InlineData("1")]
    [InlineData("\"one\"")]
    [InlineData("\"-1\"")]
    public async Task Replace_WithMalformedIfMatch_Returns400_AndKeepsTheRecord(string ifMatch)
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        var response = await client.PutJsonAsync(RecordUrl(tenant, "controls", id), Replacement, ifMatch);

        await response.ExpectAsync(HttpStatusCode.BadRequest, "invalid-if-match");
        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
    }

    [Fact]
    public async Task Delete_WithMalformedIfMatch_Returns400_AndKeepsTheRecord()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        var response = await client.SendRawAsync(HttpMethod.Delete, RecordUrl(tenant, "controls", id), ifMatch: "W/\"1\"");

        await response.ExpectAsync(HttpStatusCode.BadRequest, "invalid-if-match");
        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
    }

    [Fact]
    public async Task Delete_WithStaleIfMatch_Returns412_AndKeepsTheRecord()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var url = RecordUrl(tenant, "controls", id);
        await (await client.PutJsonAsync(url, Replacement, "\"1\"")).ExpectAsync(HttpStatusCode.OK);
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        var response = await client.SendRawAsync(HttpMethod.Delete, url, ifMatch: "\"1\"");

        await response.ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
        Assert.Equal(2, (await client.GetRecordAsync(tenant, "controls", id)).GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task Delete_WithCurrentIfMatch_RemovesTheRecord()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        var response = await client.SendRawAsync(HttpMethod.Delete, RecordUrl(tenant, "controls", id), ifMatch: "\"1\"");

        await response.ExpectAsync(HttpStatusCode.NoContent);
        var after = await TenantState.CaptureAsync(hub, client, tenant);
        Assert.Equal((before.TopSequence + 1, before.TimelineCount + 1), (after.TopSequence, after.TimelineCount));
        Assert.NotEqual(before.Listing, after.Listing);
        Assert.NotEqual(before.Rows, after.Rows);
        await (await client.GetAsync(RecordUrl(tenant, "controls", id), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Replace_WithIfMatchStar_ReplacesWhateverVersionIsCurrent()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var url = RecordUrl(tenant, "controls", id);
        await (await client.PutJsonAsync(url, Replacement, "\"1\"")).ExpectAsync(HttpStatusCode.OK);

        var response = await client.PutJsonAsync(url, new { code = "AC-01", title = "Forced", status = "retired" }, "*");

        var body = await response.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(3, body.GetProperty("version").GetInt64());
        Assert.Equal("\"3\"", response.Headers.ETag!.Tag);
        Assert.Equal("Forced", (await client.GetRecordAsync(tenant, "controls", id)).GetProperty("data").GetProperty("title").GetString());
    }

    [Fact]
    public async Task Replace_OfMissingRecord_Returns404_AndStoresNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);

        var response = await client.PutJsonAsync(RecordUrl(tenant, "controls", "no-such-record"), Replacement, "*");

        await response.ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
    }
}
