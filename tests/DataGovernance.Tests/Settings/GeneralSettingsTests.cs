using System.Net;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Settings;

public sealed class GeneralSettingsTests(HubFixture hub)
{
    private static readonly object Update = new
    {
        name = "Contoso Holding",
        dataResidency = "us",
        timeZone = "America/New_York",
        locale = "en-US",
        branding = new { primaryColor = "#004080", accentColor = "#FF8000" },
    };

    private static string Url(string tenant) => $"/api/tenants/{tenant}/settings/general";

    [Fact]
    public async Task Owner_ReadsAndReplacesTheSettings_WithIfMatch()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var read = await owner.GetAsync(Url(tenant), ct);
        var current = await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", read.Headers.ETag!.Tag);
        Assert.Equal(tenant, current.GetProperty("id").GetString());
        Assert.Equal("Contoso Compliance", current.GetProperty("settings").GetProperty("name").GetString());

        var replaced = await owner.PutJsonAsync(Url(tenant), Update, "\"1\"", ct);
        var body = await replaced.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"2\"", replaced.Headers.ETag!.Tag);
        Assert.Equal(2, body.GetProperty("version").GetInt64());

        var settings = (await ReadAsync(owner, tenant, ct)).GetProperty("settings");
        Assert.Equal("Contoso Holding", settings.GetProperty("name").GetString());
        Assert.Equal("us", settings.GetProperty("dataResidency").GetString());
        Assert.Equal("America/New_York", settings.GetProperty("timeZone").GetString());
        Assert.Equal("en-US", settings.GetProperty("locale").GetString());
        Assert.Equal("#004080", settings.GetProperty("branding").GetProperty("primaryColor").GetString());
        Assert.Equal("#FF8000", settings.GetProperty("branding").GetProperty("accentColor").GetString());
    }

    [Fact]
    public async Task Replace_WithoutIfMatch_Returns428_AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var before = await ReadAsync(owner, tenant, ct);

        await (await owner.PutJsonAsync(Url(tenant), Update, ifMatch: null, ct)).ExpectAsync(HttpStatusCode.PreconditionRequired, "if-match-required");

        Assert.Equal(before.GetRawText(), (await ReadAsync(owner, tenant, ct)).GetRawText());
    }

    [Fact]
    public async Task Replace_WithStaleIfMatch_Returns412_AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync(Url(tenant), new { name = "Renamed once", dataResidency = "eu" }, "\"1\"", ct)).ExpectAsync(HttpStatusCode.OK);
        var before = await ReadAsync(owner, tenant, ct);

        await (await owner.PutJsonAsync(Url(tenant), Update, "\"1\"", ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");

        Assert.Equal(before.GetRawText(), (await ReadAsync(owner, tenant, ct)).GetRawText());
    }

    [Fact]
    public async Task Replace_WithMalformedIfMatch_Returns400_AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var before = await ReadAsync(owner, tenant, ct);

        await (await owner.PutJsonAsync(Url(tenant), Update, "W/\"1\"", ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-if-match");

        Assert.Equal(before.GetRawText(), (await ReadAsync(owner, tenant, ct)).GetRawText());
    }

    [Theory]
    [InlineData("""{ "name": "", "dataResidency": "eu" }""", "name")]
    [InlineData("""{ "name": "Contoso", "dataResidency": "atlantis" }""", "dataResidency")]
    [InlineData("""{ "name": "Contoso", "dataResidency": "eu", "timeZone": "Mars/Olympus" }""", "timeZone")]
    [InlineData("""{ "name": "Contoso", "dataResidency": "eu", "timeZone": "Eastern Standard Time" }""", "timeZone")]
    [InlineData("""{ "name": "Contoso", "dataResidency": "eu", "locale": "xx-YY" }""", "locale")]
    [InlineData("""{ "name": "Contoso", "dataResidency": "eu", "branding": { "primaryColor": "red" } }""", "branding.primaryColor")]
    [InlineData("""{ "name": "Contoso", "dataResidency": "eu", "entraDirectoryId": "not-a-guid" }""", "entraDirectoryId")]
    public async Task Replace_WithAnInvalidField_Returns422_WithThatFieldsError_AndChangesNothing(string json, string field)
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var before = await ReadAsync(owner, tenant, ct);

        var response = await owner.PutJsonAsync(Url(tenant), JsonSerializer.Deserialize<JsonElement>(json), "\"1\"", ct);
        var problem = await response.ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(problem.FieldErrors(field));

        Assert.Equal(before.GetRawText(), (await ReadAsync(owner, tenant, ct)).GetRawText());
    }

    [Fact]
    public async Task Replace_WithAnUnknownField_Returns400InvalidJson_AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var before = await ReadAsync(owner, tenant, ct);

        var response = await owner.PutJsonAsync(Url(tenant), new { name = "Contoso", dataResidency = "eu", status = "Deactivated" }, "\"1\"", ct);
        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");
        Assert.NotEmpty(problem.FieldErrors("$.status"));

        Assert.Equal(before.GetRawText(), (await ReadAsync(owner, tenant, ct)).GetRawText());
    }

    [Theory]
    [InlineData(Role.Member)]
    [InlineData(Role.Auditor)]
    [InlineData(Role.ComplianceManager)]
    public async Task Replace_ByARoleWithoutSettingsWrite_Returns403_AndChangesNothing(Role role)
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var caller = hub.TenantClient(tenant, role);
        var before = await ReadAsync(owner, tenant, ct);

        await (await caller.PutJsonAsync(Url(tenant), Update, "\"1\"", ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        Assert.Equal(before.GetRawText(), (await ReadAsync(owner, tenant, ct)).GetRawText());
    }

    [Fact]
    public async Task Auditor_CanReadTheSettings_ButAMemberCannot()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        using var member = hub.TenantClient(tenant, Role.Member);

        var read = await (await auditor.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Contoso Compliance", read.GetProperty("settings").GetProperty("name").GetString());

        await (await member.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task AnotherTenantsOwner_GetsNotFound_AndChangesNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var tenant = await hub.CreateTenantAsync();
        var other = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var intruder = hub.TenantClient(other, Role.Owner);
        var before = await ReadAsync(owner, tenant, ct);

        await (await intruder.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PutJsonAsync(Url(tenant), Update, "\"1\"", ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");

        Assert.Equal(before.GetRawText(), (await ReadAsync(owner, tenant, ct)).GetRawText());
    }

    private static async Task<JsonElement> ReadAsync(HttpClient client, string tenant, CancellationToken ct) =>
        await (await client.GetAsync(Url(tenant), ct)).ExpectAsync(HttpStatusCode.OK);
}
