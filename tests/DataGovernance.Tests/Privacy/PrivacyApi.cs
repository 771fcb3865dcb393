using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using CsvHelper;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Privacy;

/// <summary>Routes, documents and small steps the privacy tests share.</summary>
public static class PrivacyApi
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string Activities(string tenant) => $"/api/tenants/{tenant}/privacy/processing-activities";

    public static string Consents(string tenant) => $"/api/tenants/{tenant}/privacy/consents";

    /// <summary>A processing activity with every Art. 30(1) field, a transfer under SCCs and the given linked vendors.</summary>
    public static JsonObject Activity(string name = "Payroll", params string[] vendorIds) => new()
    {
        ["name"] = name,
        ["controller"] = new JsonObject { ["name"] = "Contoso GmbH", ["contact"] = "privacy@contoso.example, Hauptstr. 1, Berlin" },
        ["dataProtectionOfficer"] = new JsonObject { ["name"] = "Dana Officer", ["contact"] = "dpo@contoso.example" },
        ["purposes"] = new JsonArray("Paying salaries", "Tax reporting"),
        ["legalBasis"] = "LegalObligation",
        ["dataSubjectCategories"] = new JsonArray("Employees"),
        ["personalDataCategories"] = new JsonArray("Contact details", "Bank details"),
        ["recipients"] = new JsonArray("Tax authority", "Payroll processor"),
        ["transfers"] = new JsonArray(new JsonObject { ["country"] = "US", ["recipient"] = "Payroll Inc.", ["mechanism"] = "SCC" }),
        ["retention"] = new JsonObject { ["description"] = "10 years after the end of employment", ["days"] = 3650 },
        ["securityMeasures"] = new JsonArray("Encryption at rest", "Role-based access"),
        ["vendorIds"] = new JsonArray([.. vendorIds.Select(id => JsonValue.Create(id))]),
    };

    public static async Task<JsonElement> CreateActivityAsync(this HttpClient client, string tenant, JsonObject activity) =>
        await (await client.PostAsJsonAsync(Activities(tenant), activity, Ct)).ExpectAsync(HttpStatusCode.Created);

    public static async Task<string> CreateVendorAsync(this HttpClient client, string tenant, string name = "Payroll Inc.") =>
        (await (await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/vendors", new { name, country = "US", status = "active" }, Ct))
            .ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    /// <summary>A consent entry for an opaque subject reference.</summary>
    public static object Consent(string subjectId, string purpose, string action, DateTimeOffset occurredAt, string? textShown = null) => new
    {
        subjectId,
        purpose,
        lawfulBasis = "Consent",
        action,
        source = "WebForm",
        occurredAt,
        proof = new { formVersion = "signup-v3", ipAddress = "203.0.113.7", textShown = textShown ?? "Send me the monthly newsletter." },
    };

    public static async Task<JsonElement> RecordConsentAsync(this HttpClient client, string tenant, object consent) =>
        await (await client.PostAsJsonAsync(Consents(tenant), consent, Ct)).ExpectAsync(HttpStatusCode.Created);

    /// <summary>Reads a CSV download back with CsvHelper: one dictionary per record, by header name.</summary>
    public static List<Dictionary<string, string>> ParseCsv(string text)
    {
        using var reader = CsvReader.FromText(text, CsvReaderOptions.Default with { Separator = ',' });
        var rows = new List<Dictionary<string, string>>();
        while (reader.Read())
        {
            var headers = reader.Headers;
            rows.Add(Enumerable.Range(0, headers.Count).ToDictionary(i => headers[i], reader.GetString, StringComparer.Ordinal));
        }
        return rows;
    }

    public static async Task<(string Text, HttpResponseMessage Response)> DownloadAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {text}");
        return (text, response);
    }

    public static string NewSubjectId() => $"person-{Guid.NewGuid():N}"[..20];
}
