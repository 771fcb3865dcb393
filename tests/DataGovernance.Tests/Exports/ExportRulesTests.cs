using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using DataGovernance.Downloads;
using DataGovernance.Exports;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Xunit;
using static DataGovernance.Tests.Exports.ExportApi;

namespace DataGovernance.Tests.Exports;

/// <summary>What an export may contain and where it may go: masking, cross-border rules, expiry and refused requests.</summary>
public sealed class ExportRulesTests(HubFixture hub)
{
    private static readonly string[] Salary = ["code", "salary"];
    private static readonly string[] Twice = ["code", "code"];

    [Fact]
    public async Task RestrictedFields_AreMaskedForAdmins_AndShownToTheOwnerAndTheDataProtectionOfficer()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var person = await owner.CreateAsync(tenant, "people", DataClassificationApi.Person());
        await ClassifiedAsync(owner, tenant, "nationalId");
        using var admin = hub.TenantClient(tenant, Role.Admin);
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var body = new { collection = "people", format = "json", fields = new[] { "fullName", "nationalId", "department" } };

        var (masked, maskedFile, _) = await hub.ExportAsync(admin, tenant, body);
        var row = Assert.Single(JsonDocument.Parse(maskedFile).RootElement.EnumerateArray());
        Assert.Equal((person, "[masked]", "Finance", false), (row.Str("id"), row.Str("nationalId"), row.Str("department"), masked.GetProperty("unmasked").GetBoolean()));
        Assert.Equal(["nationalId"], masked.GetProperty("maskedFields").Strings());

        foreach (var client in new[] { dpo, owner })
        {
            var (unmasked, file, _) = await hub.ExportAsync(client, tenant, body);
            Assert.Equal(("AB 12 34 56 C", true), (JsonDocument.Parse(file).RootElement[0].Str("nationalId"), unmasked.GetProperty("unmasked").GetBoolean()));
            Assert.Empty(unmasked.GetProperty("maskedFields").EnumerateArray());
        }
    }

    [Fact]
    public async Task FieldsRestrictedBySchema_AreMasked_BeforeClassificationHasSeenThem()
    {
        var tenant = await hub.CreateTenantAsync();
        var masking = hub.App.Services.GetRequiredService<ExportMasking>();

        var restricted = await masking.RestrictedFieldsAsync(tenant, "people", Ct);

        Assert.Equal(["nationalId"], restricted);
    }

    [Fact]
    public async Task ExternalDestination_IsCheckedAgainstTheCrossBorderRules_BeforeAnyJobExists()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        await dpo.CreateAsync(tenant, "people", DataClassificationApi.Person());
        await ClassifiedAsync(dpo, tenant, "email");
        var rules = new { residency = "eu", allowedRegions = Array.Empty<string>(), allowedCountries = new { health = new[] { "EEA" } } };
        await (await dpo.PutJsonAsync($"/api/tenants/{tenant}/privacy/cross-border", rules, "\"0\"", Ct)).ExpectAsync(HttpStatusCode.OK);

        var refused = await (await dpo.PostAsJsonAsync(ExportsUrl(tenant), new { collection = "people", format = "csv", destination = new { country = "US" } }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "transfer-mechanism-required");
        Assert.True(refused.GetProperty("errors").TryGetProperty("destination.transferMechanism", out _), refused.GetRawText());
        await (await dpo.PostAsJsonAsync(ExportsUrl(tenant), new { collection = "people", format = "csv", destination = new { country = "U5" } }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.Empty(await dpo.ReadAllPagesAsync(ExportsUrl(tenant), Ct));

        var safeguarded = await dpo.StartExportAsync(tenant, new { collection = "people", format = "csv", destination = new { country = "US", transferMechanism = "scc" } });
        Assert.Equal("Safeguarded", safeguarded.Str("transfer"));
        var domestic = await dpo.StartExportAsync(tenant, new { collection = "people", format = "csv", destination = new { country = "DE" } });
        Assert.Equal("Domestic", domestic.Str("transfer"));
    }

    [Fact]
    public async Task BadRequests_AreRefusedWithStableCodes()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        async Task<JsonElement> Refused(object body, HttpStatusCode status, string code) =>
            await (await owner.PostAsJsonAsync(ExportsUrl(tenant), body, Ct)).ExpectAsync(status, code);

        await Refused(new { collection = "contracts", format = "csv" }, HttpStatusCode.UnprocessableEntity, "unknown-collection");
        var field = await Refused(new { collection = "controls", format = "csv", fields = Salary }, HttpStatusCode.UnprocessableEntity, "unknown-field");
        Assert.Contains("salary", field.FieldErrors("fields")[0], StringComparison.Ordinal);
        await Refused(new { collection = "controls", format = "pdf" }, HttpStatusCode.UnprocessableEntity, "unknown-format");
        await Refused(new { collection = "controls", format = "1" }, HttpStatusCode.UnprocessableEntity, "unknown-format");
        await Refused(new { collection = "controls", format = "csv,json" }, HttpStatusCode.UnprocessableEntity, "unknown-format");
        await Refused(new { collection = "controls" }, HttpStatusCode.UnprocessableEntity, "unknown-format");
        await Refused(new { collection = "controls", viewId = "vw-1", format = "csv" }, HttpStatusCode.BadRequest, "invalid-export-source");
        await Refused(new { format = "csv" }, HttpStatusCode.BadRequest, "invalid-export-source");
        await Refused(new { viewId = "vw-missing", format = "csv" }, HttpStatusCode.UnprocessableEntity, "unknown-view");
        await Refused(new { viewId = "../../x", format = "csv" }, HttpStatusCode.UnprocessableEntity, "unknown-view");
        await Refused(new { collection = "controls", format = "csv", fields = Twice }, HttpStatusCode.UnprocessableEntity, "validation-failed");
        await (await owner.GetAsync($"{ExportsUrl(tenant)}/ex-missing", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await owner.GetAsync($"{ExportsUrl(tenant)}?continuationToken=garbage", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
        await (await owner.GetAsync($"{ExportsUrl(tenant)}?pageSize=0", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
        Assert.Empty(await owner.ReadAllPagesAsync(ExportsUrl(tenant), Ct));
    }

    [Fact]
    public async Task Export_PastItsExpiry_IsExpired_ItsFileDeleted_AndItsLinksNeverOutliveIt()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await ExportFormatTests.SeedControlsAsync(owner, tenant);
        var started = await owner.StartExportAsync(tenant, new { collection = "controls", format = "csv" });
        var job = await owner.CompletedAsync(tenant, started.Str("id"));
        var expiresAt = job.GetProperty("expiresAt").GetDateTimeOffset();

        var store = hub.App.Services.GetRequiredService<ExportStore>();
        var stored = (await store.GetAsync(tenant, job.Str("id"), Ct))!;
        Assert.True(await store.FileOf(stored).ExistsAsync(Ct));
        var aMinuteBefore = new FakeTimeProvider(expiresAt.AddMinutes(-1));
        var nearlyExpired = Service(hub.App.Services, new ExportOptions(), aMinuteBefore, ActivatorUtilities.CreateInstance<DownloadLinks>(hub.App.Services, (TimeProvider)aMinuteBefore));
        var shortLink = (await nearlyExpired.GetAsync(tenant, job.Str("id"), Ct)).Value!;
        Assert.Equal(expiresAt.ToUnixTimeSeconds(), shortLink.DownloadExpiresAt!.Value.ToUnixTimeSeconds());

        var later = Service(hub.App.Services, new ExportOptions(), new FakeTimeProvider(expiresAt.AddSeconds(1)));
        var expired = (await later.GetAsync(tenant, job.Str("id"), Ct)).Value!;
        Assert.Equal((ExportStatus.Expired, null), (expired.Status, expired.DownloadUrl));
        Assert.False(await store.FileOf(stored).ExistsAsync(Ct));
        var shown = await (await owner.GetAsync($"{ExportsUrl(tenant)}/{job.Str("id")}", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Expired", shown.Str("status"));
        using var anonymous = hub.Anonymous();
        await (await anonymous.GetAsync(job.Str("downloadUrl"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    private static ExportService Service(IServiceProvider services, ExportOptions options, TimeProvider clock, DownloadLinks? links = null) =>
        links is null
            ? ActivatorUtilities.CreateInstance<ExportService>(services, Options.Create(options), clock)
            : ActivatorUtilities.CreateInstance<ExportService>(services, Options.Create(options), clock, links);

    /// <summary>Waits until the sensitivity map lists <paramref name="field"/> of people (classification runs on the queue).</summary>
    private static Task ClassifiedAsync(HttpClient client, string tenant, string field) =>
        Eventually.TrueAsync(async () =>
        {
            var map = await (await client.GetAsync(DataClassificationApi.Map(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
            return map.GetProperty("collections").EnumerateArray().Any(collection => collection.Str("collection") == "people"
                && collection.GetProperty("fields").EnumerateArray().Any(f => f.Str("field") == field));
        }, DataClassificationApi.Deadline, $"people.{field} in the sensitivity map");
}
