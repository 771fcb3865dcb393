using System.Net;
using System.Text;
using System.Text.Json;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Records;

/// <summary>The 64 KiB request limit of record writes and the smaller cap on a stored document.</summary>
public sealed class RecordBodyLimitTests(HubFixture hub)
{
    private const int RecordBodyLimit = 64 * 1024;

    [Fact]
    public async Task CreateAndReplace_WithBodyOver64KiB_Return413PayloadTooLarge_AndStoreNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);
        var original = await client.GetRecordAsync(tenant, "controls", id);
        var body = JsonSerializer.Serialize(new { code = "AC-02", title = "Huge", status = "draft", description = new string('d', 70 * 1024) });
        Assert.True(Encoding.UTF8.GetByteCount(body) > RecordBodyLimit);

        var created = await client.SendRawAsync(HttpMethod.Post, CollectionUrl(tenant, "controls"), body);
        await created.ExpectAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");

        var replaced = await client.SendRawAsync(HttpMethod.Put, RecordUrl(tenant, "controls", id), body, ifMatch: "\"1\"");
        await replaced.ExpectAsync(HttpStatusCode.RequestEntityTooLarge, "payload-too-large");

        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
        Assert.Equal(original.GetRawText(), (await client.GetRecordAsync(tenant, "controls", id)).GetRawText());
    }

    [Fact]
    public async Task CreateAndReplace_WithValidDocumentOverTheRecordCap_Return413RecordTooLarge_AndStoreNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var before = await TenantState.CaptureAsync(hub, client, tenant);
        var original = await client.GetRecordAsync(tenant, "controls", id);
        var customFields = Enumerable.Range(0, 50).ToDictionary(i => $"field{i:D2}", i => new string((char)('a' + (i % 26)), 1000));
        var body = JsonSerializer.Serialize(new { code = "AC-02", title = "Many custom fields", status = "draft", customFields });
        Assert.InRange(body.Length, RecordService.MaxDocumentCharacters + 1, RecordBodyLimit - 1);

        var created = await client.SendRawAsync(HttpMethod.Post, CollectionUrl(tenant, "controls"), body);
        await created.ExpectAsync(HttpStatusCode.RequestEntityTooLarge, "record-too-large");

        var replaced = await client.SendRawAsync(HttpMethod.Put, RecordUrl(tenant, "controls", id), body, ifMatch: "\"1\"");
        await replaced.ExpectAsync(HttpStatusCode.RequestEntityTooLarge, "record-too-large");

        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenant));
        Assert.Equal(original.GetRawText(), (await client.GetRecordAsync(tenant, "controls", id)).GetRawText());
    }

    [Fact]
    public async Task Create_WithDocumentJustUnderTheRecordCap_IsStoredWhole()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var customFields = Enumerable.Range(0, 25).ToDictionary(i => $"field{i:D2}", _ => new string('x', 1000));
        var document = new { code = "AC-02", title = "Many custom fields", status = "draft", customFields };
        Assert.InRange(JsonSerializer.Serialize(document).Length, 25_000, RecordService.MaxDocumentCharacters);

        var id = await client.CreateIdAsync(tenant, "controls", document);

        var stored = await client.GetRecordAsync(tenant, "controls", id);
        var fields = stored.GetProperty("data").GetProperty("customFields").EnumerateObject().ToList();
        Assert.Equal(25, fields.Count);
        Assert.All(fields, field => Assert.Equal(1000, field.Value.GetString()!.Length));
    }
}
