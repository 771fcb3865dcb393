using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataGovernance.Monitoring;
using DataGovernance.Privacy;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Privacy.DpiaApi;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy › cross-border: the rules themselves, and their enforcement on vendor transfers and external destinations.</summary>
public sealed class CrossBorderTests(HubFixture hub)
{
    private static readonly object HealthStaysInTheEea = new { residency = "eu", allowedRegions = Array.Empty<string>(), allowedCountries = new { health = new[] { "EEA" } } };

    private static string Vendors(string tenant) => $"/api/tenants/{tenant}/records/vendors";

    [Fact]
    public async Task Rules_StartUnsaved_AreReplacedUnderIfMatch_WithStepUp_AndBadInputAnswers422PerField()
    {
        var tenant = await hub.CreateTenantAsync(dataResidency: "uk");
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);

        var initial = await dpo.GetAsync(CrossBorder(tenant), Ct);
        Assert.Equal("\"0\"", initial.Headers.ETag?.ToString());
        var unsaved = await initial.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("uk", false), (unsaved.GetProperty("residency").GetString(), unsaved.GetProperty("configured").GetBoolean()));

        await (await dpo.PutJsonAsync(CrossBorder(tenant), HealthStaysInTheEea, null, Ct)).ExpectAsync((HttpStatusCode)428, "if-match-required");
        var atlantis = JsonNode.Parse("""{ "residency": "atlantis", "allowedRegions": ["moon"], "allowedCountries": { "health": ["Germany"] } }""")!;
        var bad = await (await dpo.PutJsonAsync(CrossBorder(tenant), atlantis, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.Equal(["allowedCountries.health[0]", "allowedRegions[0]", "residency"], bad.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        using var withoutMfa = hub.WithBearer(HubFixture.DevTokenWithoutMfa(tenant, "dpo-2", Role.DataProtectionOfficer));
        await (await withoutMfa.PutJsonAsync(CrossBorder(tenant), HealthStaysInTheEea, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        await (await auditor.PutJsonAsync(CrossBorder(tenant), HealthStaysInTheEea, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");

        var saved = await (await dpo.PutJsonAsync(CrossBorder(tenant), HealthStaysInTheEea, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("eu", 1, true), (saved.GetProperty("residency").GetString(), saved.GetProperty("version").GetInt32(), saved.GetProperty("configured").GetBoolean()));
        Assert.Equal(["EEA"], saved.GetProperty("allowedCountries").GetProperty("health").Strings());
        await (await dpo.PutJsonAsync(CrossBorder(tenant), HealthStaysInTheEea, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        var read = await (await auditor.GetAsync(CrossBorder(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(saved.GetRawText(), read.GetRawText());
    }

    [Fact]
    public async Task VendorWrites_ThatTheRulesRefuse_Answer422_AndLeaveTheRecordUnchanged()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await owner.SaveRulesAsync(tenant, HealthStaysInTheEea);

        var noMechanism = await (await owner.PostVendorAsync(tenant, "US", null, "contact")).ExpectAsync(HttpStatusCode.UnprocessableEntity, "transfer-mechanism-required");
        Assert.Contains("US", noMechanism.FieldErrors("transferMechanism")[0]);
        await (await owner.PostVendorAsync(tenant, "IN", "adequacy", "contact")).ExpectAsync(HttpStatusCode.UnprocessableEntity, "transfer-mechanism-required");
        var notAllowed = await (await owner.PostVendorAsync(tenant, "US", "scc", "contact", "health")).ExpectAsync(HttpStatusCode.UnprocessableEntity, "transfer-not-allowed");
        Assert.NotEmpty(notAllowed.FieldErrors("country"));
        Assert.Equal(["health data may not go to US."], notAllowed.FieldErrors("dataCategories"));
        Assert.Empty((await (await owner.GetAsync(Vendors(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());

        var safeguarded = (await (await owner.PostVendorAsync(tenant, "US", "scc", "contact")).ExpectAsync(HttpStatusCode.Created)).Id();
        await (await owner.PostVendorAsync(tenant, "DE", null, "health")).ExpectAsync(HttpStatusCode.Created);
        await (await owner.PostVendorAsync(tenant, "JP", "none", "usage")).ExpectAsync(HttpStatusCode.Created);
        var former = JsonNode.Parse("""{ "name": "Former", "country": "CN", "status": "offboarded", "dataCategories": ["health"] }""")!;
        await (await owner.PostAsJsonAsync(Vendors(tenant), former, Ct))
            .ExpectAsync(HttpStatusCode.Created);

        var change = new { name = "Vendor in US", country = "US", status = "active", dataCategories = new[] { "contact", "health" }, transferMechanism = "scc" };
        await (await owner.PutJsonAsync($"{Vendors(tenant)}/{safeguarded}", change, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "transfer-not-allowed");
        var dropped = new { name = "Vendor in US", country = "US", status = "active", dataCategories = new[] { "contact" }, transferMechanism = "none" };
        await (await owner.PutJsonAsync($"{Vendors(tenant)}/{safeguarded}", dropped, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "transfer-mechanism-required");
        var unchanged = await (await owner.GetAsync($"{Vendors(tenant)}/{safeguarded}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((1, "scc"), (unchanged.GetProperty("version").GetInt32(), unchanged.GetProperty("data").GetProperty("transferMechanism").GetString()));
        Assert.Equal(["contact"], unchanged.GetProperty("data").GetProperty("dataCategories").Strings());
        Assert.Empty(await owner.DpiaListAsync(tenant));
    }

    [Fact]
    public async Task WithoutRules_AVendorWithoutAMechanismIsAccepted_AndOpensOneDpia_HoweverOftenItIsWritten()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var vendor = (await (await owner.PostVendorAsync(tenant, "US", null, "contact", "health")).ExpectAsync(HttpStatusCode.Created)).Id();
        await (await owner.PostVendorAsync(tenant, "CH", null, "contact")).ExpectAsync(HttpStatusCode.Created);
        await (await owner.PostVendorAsync(tenant, "BR", "scc", "contact")).ExpectAsync(HttpStatusCode.Created);
        var again = new { name = "Vendor in US", country = "US", status = "under-review", dataCategories = new[] { "contact" } };
        await (await owner.PutJsonAsync($"{Vendors(tenant)}/{vendor}", again, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);

        var dpia = Assert.Single(await owner.DpiaListAsync(tenant));
        var opening = dpia.GetProperty("openedAutomatically");
        Assert.Equal(("TransferWithoutMechanism", vendor), (opening.GetProperty("trigger").GetString(), opening.GetProperty("subject").GetString()));
        Assert.Contains("US", opening.GetProperty("reason").GetString());
        Assert.Equal([vendor], dpia.GetProperty("vendorIds").Strings());
        var alerts = await hub.App.Services.GetRequiredService<AlertStore>().ListAsync(tenant, DpiaService.OpenedAlert, 10, Ct);
        Assert.Single(alerts);
    }

    [Fact]
    public async Task SavingRules_MeasuresExistingVendors_OpeningEachMissingMechanismsDpiaOnce_AndTheReportShowsEveryTransfer()
    {
        var tenant = await hub.CreateTenantAsync(dataResidency: "us");
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var inUs = (await (await owner.PostVendorAsync(tenant, "US", null, "contact")).ExpectAsync(HttpStatusCode.Created)).Id();
        var inIndia = (await (await owner.PostVendorAsync(tenant, "IN", null, "usage")).ExpectAsync(HttpStatusCode.Created)).Id();
        var withHealth = (await (await owner.PostVendorAsync(tenant, "CA", "scc", "health")).ExpectAsync(HttpStatusCode.Created)).Id();
        var inGermany = (await (await owner.PostVendorAsync(tenant, "DE", null, "health")).ExpectAsync(HttpStatusCode.Created)).Id();
        Assert.Equal(new[] { inGermany, inIndia }.Order(StringComparer.Ordinal), await SubjectsAsync(owner, tenant));

        await owner.SaveRulesAsync(tenant, HealthStaysInTheEea);
        await owner.SaveRulesAsync(tenant, HealthStaysInTheEea);

        Assert.Equal(new[] { inGermany, inIndia, inUs }.Order(StringComparer.Ordinal), await SubjectsAsync(owner, tenant));
        var notAllowed = await hub.App.Services.GetRequiredService<AlertStore>().ListAsync(tenant, CrossBorderService.TransfersNotAllowedAlert, 10, Ct);
        Assert.All(notAllowed, alert => Assert.Contains(withHealth, alert.Message));
        Assert.Equal(2, notAllowed.Count);

        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        var report = await (await auditor.GetAsync($"{CrossBorder(tenant)}/transfers", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("eu", true, 2, 3), (report.GetProperty("residency").GetString(), report.GetProperty("rulesConfigured").GetBoolean(),
            report.GetProperty("rulesVersion").GetInt32(), report.GetProperty("refused").GetInt32()));
        var statuses = report.GetProperty("transfers").EnumerateArray().ToDictionary(t => t.GetProperty("vendorId").GetString()!,
            t => t.GetProperty("decision").GetProperty("status").GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            [inUs] = "MechanismRequired", [inIndia] = "MechanismRequired", [withHealth] = "NotAllowed", [inGermany] = "Domestic",
        }, statuses);
    }

    private static async Task<IEnumerable<string?>> SubjectsAsync(HttpClient client, string tenant) =>
        (await client.DpiaListAsync(tenant)).Select(d => d.GetProperty("openedAutomatically").GetProperty("subject").GetString()).Order(StringComparer.Ordinal);

    [Fact]
    public async Task CheckDestination_IsTheOneCheckForExports_RefusingOnlyUnderSavedRules()
    {
        var tenant = await hub.CreateTenantAsync();
        var crossBorder = hub.App.Services.GetRequiredService<CrossBorderService>();

        var unsaved = await crossBorder.CheckDestinationAsync(tenant, ["contact"], "US", null, Ct);
        Assert.Equal(TransferStatus.MechanismRequired, unsaved.Value!.Status);
        var invalid = await crossBorder.CheckDestinationAsync(tenant, ["gossip"], "usa", "fax", Ct);
        Assert.Equal(["country", "dataCategories", "transferMechanism"], invalid.Failure!.Errors!.Keys.Order(StringComparer.Ordinal));

        using var owner = hub.TenantClient(tenant, Role.Owner);
        await owner.SaveRulesAsync(tenant, HealthStaysInTheEea);
        Assert.Equal("transfer-mechanism-required", (await crossBorder.CheckDestinationAsync(tenant, ["contact"], "US", null, Ct)).Failure!.Code);
        Assert.Equal("transfer-not-allowed", (await crossBorder.CheckDestinationAsync(tenant, ["health"], "CH", null, Ct)).Failure!.Code);
        Assert.Equal(TransferStatus.Adequate, (await crossBorder.CheckDestinationAsync(tenant, ["contact"], "CH", null, Ct)).Value!.Status);
        Assert.Equal(TransferStatus.Safeguarded, (await crossBorder.CheckDestinationAsync(tenant, ["contact", "usage"], "US", "adequacy", Ct)).Value!.Status);
    }

    [Fact]
    public async Task AnotherTenant_Gets404_OnEveryCrossBorderRoute_AndChangesNothing()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await owner.SaveRulesAsync(tenant, HealthStaysInTheEea);
        using var intruder = hub.TenantClient(other, Role.Owner);
        var (_, secret) = await hub.CreateApiKeyAsync(other, "privacy.read", "privacy.manage");
        using var intruderKey = hub.WithApiKey(secret);

        foreach (var client in new[] { intruder, intruderKey })
        {
            await (await client.GetAsync(CrossBorder(tenant), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
            await (await client.GetAsync($"{CrossBorder(tenant)}/transfers", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
            await (await client.PutJsonAsync(CrossBorder(tenant), new { residency = "us" }, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        }
        var rules = await (await owner.GetAsync(CrossBorder(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("eu", 1), (rules.GetProperty("residency").GetString(), rules.GetProperty("version").GetInt32()));
    }
}
