using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy › exports: RFC 4180 CSV that spreadsheets cannot run as formulas, and JSON, of activities and consents.</summary>
public sealed class PrivacyExportTests(HubFixture hub)
{
    private static readonly string[] FormulaNames = ["=1+1", "+1+1", "-1+1", "@SUM(1)"];

    private const string Awkward = "Payroll, \"EU\" run\nsecond line";

    [Fact]
    public async Task ActivitiesCsv_ParsesBackWithCsvHelper_KeepsCommasQuotesAndNewlines_AndNeutralisesFormulas()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var vendor = await owner.CreateVendorAsync(tenant);
        var tricky = Activity(Awkward, vendor);
        tricky["purposes"] = new JsonArray("=HYPERLINK(\"https://evil.example\",\"click\")", "+1+2", "-2+3", "@SUM(A1:A9)");
        tricky["owner"] = "=cmd|' /C calc'!A0";
        tricky["transfers"] = new JsonArray(
            new JsonObject { ["country"] = "US", ["recipient"] = "Payroll Inc.", ["mechanism"] = "SCC" },
            new JsonObject { ["country"] = "IN", ["recipient"] = "Support Ltd.", ["mechanism"] = "Derogation", ["derogationDetail"] = "Art. 49(1)(b)" });
        var created = await owner.CreateActivityAsync(tenant, tricky);
        await owner.CreateActivityAsync(tenant, Activity("Recruiting"));

        var (text, response) = await owner.DownloadAsync($"{Activities(tenant)}/export?format=csv");
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        Assert.StartsWith("id,name,status,controllerName,", text, StringComparison.Ordinal);
        Assert.Contains("\r\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\n=", text, StringComparison.Ordinal);

        var rows = ParseCsv(text);
        Assert.Equal(2, rows.Count);
        var row = rows.Single(r => r["id"] == created.GetProperty("id").GetString());
        Assert.Equal(Awkward, row["name"]);
        Assert.Equal("'=cmd|' /C calc'!A0", row["owner"]);
        Assert.Equal(["'=HYPERLINK(\"https://evil.example\",\"click\")", "+1+2", "-2+3", "@SUM(A1:A9)"], row["purposes"].Split('\n'));
        Assert.Equal(["'=HYPERLINK(\"https://evil.example\",\"click\")"], rows.SelectMany(r => r.Values).Where(cell => cell.Contains("HYPERLINK", StringComparison.Ordinal)).Select(cell => cell.Split('\n')[0]));
        Assert.Equal(["US: Payroll Inc. (SCC)", "IN: Support Ltd. (Derogation: Art. 49(1)(b))"], row["transfers"].Split('\n'));
        Assert.Equal(("LegalObligation", "3650", vendor, "1", "Draft"), (row["legalBasis"], row["retentionDays"], row["vendorIds"], row["version"], row["status"]));
        Assert.Equal("Contoso GmbH", row["controllerName"]);
    }

    [Fact]
    public async Task EveryCellStartingWithAFormulaCharacter_IsEscaped()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        foreach (var (name, index) in FormulaNames.Select((name, index) => (name, index)))
        {
            var activity = Activity(name);
            activity["owner"] = $"owner-{index}";
            await owner.CreateActivityAsync(tenant, activity);
        }

        var rows = ParseCsv((await owner.DownloadAsync($"{Activities(tenant)}/export?format=csv")).Text);
        Assert.Equal(["'+1+1", "'-1+1", "'=1+1", "'@SUM(1)"], rows.Select(row => row["name"]).Order(StringComparer.Ordinal));
        Assert.All(rows.SelectMany(row => row.Values), cell => Assert.DoesNotMatch("^[=+\\-@\\t\\r]", cell));
    }

    [Fact]
    public async Task ActivitiesJson_IsTheActivities_FilteredLikeTheListing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var active = Activity("Active one");
        active["status"] = "Active";
        var id = (await owner.CreateActivityAsync(tenant, active)).GetProperty("id").GetString()!;
        await owner.CreateActivityAsync(tenant, Activity("Draft one"));

        var (text, response) = await auditor.DownloadAsync($"{Activities(tenant)}/export?format=json&status=Active");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var items = JsonSerializer.Deserialize<JsonElement>(text);
        Assert.Equal([id], items.EnumerateArray().Select(item => item.GetProperty("id").GetString()));
        Assert.Equal("Active one", items[0].GetProperty("name").GetString());
        Assert.Equal(2, JsonSerializer.Deserialize<JsonElement>((await auditor.DownloadAsync($"{Activities(tenant)}/export")).Text).GetArrayLength());
        await (await auditor.GetAsync($"{Activities(tenant)}/export?format=xlsx", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-parameter");
    }

    [Fact]
    public async Task ConsentExports_AreCsvAndJson_NewestFirst_AndTheDownloadIsASecurityEvent()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var subject = NewSubjectId();
        var monday = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);
        await owner.RecordConsentAsync(tenant, Consent(subject, "newsletter", "Given", monday, textShown: "=SUM(1,2) \"quoted\", and\nmore"));
        await owner.RecordConsentAsync(tenant, Consent(subject, "newsletter", "Withdrawn", monday.AddDays(1)));
        await owner.RecordConsentAsync(tenant, Consent(NewSubjectId(), "analytics", "Given", monday.AddDays(2)));

        var rows = ParseCsv((await owner.DownloadAsync($"{Consents(tenant)}/export?format=csv&subject={subject}")).Text);
        Assert.Equal(["Withdrawn", "Given"], rows.Select(row => row["action"]));
        Assert.Equal("'=SUM(1,2) \"quoted\", and\nmore", rows[1]["textShown"]);
        Assert.Equal(("newsletter", "signup-v3", "203.0.113.7", subject), (rows[1]["purpose"], rows[1]["formVersion"], rows[1]["ipAddress"], rows[1]["subject"]));
        Assert.Equal(rows[1]["hash"], rows[0]["previousHash"]);

        var json = JsonSerializer.Deserialize<JsonElement>((await owner.DownloadAsync($"{Consents(tenant)}/export?format=json")).Text);
        Assert.Equal(["analytics", "newsletter", "newsletter"], json.EnumerateArray().Select(entry => entry.GetProperty("purpose").GetString()));

        var events = await (await owner.GetAsync($"/api/tenants/{tenant}/security/events?type=DataExported", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(["consents", "consents"], events.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("details").GetProperty("scope").GetString()));
    }
}
