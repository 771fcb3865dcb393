using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGovernance.Privacy;
using DataGovernance.Tests.Infrastructure;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Routes and bodies the DPIA and cross-border tests share.</summary>
public static class DpiaApi
{
    public static string Dpias(string tenant) => $"/api/tenants/{tenant}/privacy/dpias";

    public static string CrossBorder(string tenant) => $"/api/tenants/{tenant}/privacy/cross-border";

    /// <summary>Every question answered: the given criteria Yes, the others No, the narrative ones in words.</summary>
    public static JsonArray Answers(params string[] yes) => new([.. DpiaQuestionnaire.Questions.Select(question => (JsonNode)(question.Kind == DpiaQuestionKind.Criterion
        ? new JsonObject { ["questionId"] = question.Id, ["answer"] = yes.Contains(question.Id) ? "Yes" : "No" }
        : new JsonObject { ["questionId"] = question.Id, ["explanation"] = $"Answer to {question.Id}." }))]);

    public static JsonObject Risk(int likelihood, int severity, int? residualLikelihood = null, int? residualSeverity = null) => new()
    {
        ["description"] = "Unauthorised access to employee health records",
        ["likelihood"] = likelihood,
        ["severity"] = severity,
        ["mitigations"] = new JsonArray("Encryption at rest", "Quarterly access review"),
        ["residualLikelihood"] = residualLikelihood,
        ["residualSeverity"] = residualSeverity,
    };

    public static JsonObject Dpia(string title = "Employee wellbeing programme", JsonArray? answers = null, JsonArray? risks = null,
        string[]? activityIds = null, string[]? vendorIds = null) => new()
    {
        ["title"] = title,
        ["description"] = "Health questionnaires for employees, analysed by a vendor.",
        ["answers"] = answers ?? new JsonArray(),
        ["risks"] = risks ?? new JsonArray(),
        ["processingActivityIds"] = new JsonArray([.. (activityIds ?? []).Select(id => JsonValue.Create(id))]),
        ["vendorIds"] = new JsonArray([.. (vendorIds ?? []).Select(id => JsonValue.Create(id))]),
        ["owner"] = "dpo-1",
    };

    public static async Task<JsonElement> CreateDpiaAsync(this HttpClient client, string tenant, JsonObject dpia) =>
        await (await client.PostAsJsonAsync(Dpias(tenant), dpia, Ct)).ExpectAsync(HttpStatusCode.Created);

    public static async Task<HttpResponseMessage> DpiaStepAsync(this HttpClient client, string tenant, string dpiaId, string step, object? body = null, string? ifMatch = null) =>
        await client.SendJsonAsync(HttpMethod.Post, $"{Dpias(tenant)}/{dpiaId}/{step}", body ?? new { }, ifMatch, Ct);

    public static async Task<List<JsonElement>> DpiaListAsync(this HttpClient client, string tenant, string query = "") =>
        [.. (await (await client.GetAsync($"{Dpias(tenant)}?pageSize=200{query}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    public static async Task<JsonElement> SaveRulesAsync(this HttpClient client, string tenant, object rules)
    {
        var current = await client.GetAsync(CrossBorder(tenant), Ct);
        return await (await client.PutJsonAsync(CrossBorder(tenant), rules, current.Headers.ETag!.ToString(), Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    public static async Task<HttpResponseMessage> PostVendorAsync(this HttpClient client, string tenant, string country, string? mechanism, params string[] categories) =>
        await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/vendors", new Dictionary<string, object?>
        {
            ["name"] = $"Vendor in {country}",
            ["country"] = country,
            ["status"] = "active",
            ["dataCategories"] = categories,
            ["transferMechanism"] = mechanism,
        }.Where(pair => pair.Value is not null).ToDictionary(), Ct);

    /// <summary>True when the body lacks the property or has it as null (the hub leaves null properties out).</summary>
    public static bool Lacks(this JsonElement body, string property) =>
        !body.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null;

    public static string[] Strings(this JsonElement array) => [.. array.EnumerateArray().Select(item => item.GetString()!)];

    public static JsonElement Json(object value) => JsonSerializer.SerializeToElement(value);
}
