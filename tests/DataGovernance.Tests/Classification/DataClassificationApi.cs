using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Classification;

/// <summary>Routes, a person record and polling steps shared by the classification results and subject discovery tests.</summary>
public static class DataClassificationApi
{
    /// <summary>How long a write may take to show in its classification: "within seconds", with room for a busy machine.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string RecordResult(string tenant, string collection, string id) => $"/api/tenants/{tenant}/classification/records/{collection}/{id}";

    public static string Map(string tenant) => $"/api/tenants/{tenant}/classification/map";

    public static string Rescans(string tenant) => $"/api/tenants/{tenant}/classification/rescans";

    public static string Discover(string tenant) => $"/api/tenants/{tenant}/privacy/subjects/discover";

    public static object Person(string fullName = "Zoë Müller", string email = "Zoe.Mueller@Example.com", string? phone = "+44 20 7946 0958",
        string? nationalId = "AB 12 34 56 C") =>
        new { fullName, email, phone, nationalId, status = "active", department = "Finance" };

    public static async Task<string> CreateAsync(this HttpClient client, string tenant, string collection, object document) =>
        (await (await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/{collection}", document, Ct)).ExpectAsync(HttpStatusCode.Created))
            .GetProperty("id").GetString()!;

    public static async Task ReplaceAsync(this HttpClient client, string tenant, string collection, string id, object document)
    {
        var url = $"/api/tenants/{tenant}/records/{collection}/{id}";
        var etag = (await client.GetAsync(url, Ct)).Headers.ETag!.Tag;
        await (await client.PutJsonAsync(url, document, etag, Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    public static async Task DeleteAsync(this HttpClient client, string tenant, string collection, string id) =>
        await (await client.DeleteAsync($"/api/tenants/{tenant}/records/{collection}/{id}", Ct)).ExpectAsync(HttpStatusCode.NoContent);

    /// <summary>Polls a record's classification until <paramref name="done"/> holds for it, and returns it.</summary>
    public static async Task<JsonElement> ResultWhenAsync(this HttpClient client, string tenant, string collection, string id, Func<JsonElement, bool> done, string what)
    {
        JsonElement result = default;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync(RecordResult(tenant, collection, id), Ct);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }
            result = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            return done(result);
        }, Deadline, $"{collection}/{id}: {what} within {Deadline.TotalSeconds} s");
        return result;
    }

    /// <summary>Polls until the record has no classification (404).</summary>
    public static async Task NoResultAsync(this HttpClient client, string tenant, string collection, string id) =>
        await Eventually.TrueAsync(async () =>
        {
            using var response = await client.GetAsync(RecordResult(tenant, collection, id), Ct);
            return response.StatusCode == HttpStatusCode.NotFound;
        }, Deadline, $"{collection}/{id}: classification removed within {Deadline.TotalSeconds} s");

    public static async Task<JsonElement> DiscoverAsync(this HttpClient client, string tenant, object subject) =>
        await (await client.PostAsJsonAsync(Discover(tenant), subject, Ct)).ExpectAsync(HttpStatusCode.OK);

    /// <summary>Polls discovery until <paramref name="done"/> holds for its matches, and returns them.</summary>
    public static async Task<JsonElement> DiscoverWhenAsync(this HttpClient client, string tenant, object subject, Func<JsonElement, bool> done, string what)
    {
        JsonElement matches = default;
        await Eventually.TrueAsync(async () => done(matches = await client.DiscoverAsync(tenant, subject)), Deadline, what);
        return matches;
    }

    public static IEnumerable<string> Strings(this JsonElement array) => array.EnumerateArray().Select(item => item.GetString()!);

    public static JsonElement Field(this JsonElement result, string path) =>
        result.GetProperty("fields").EnumerateArray().Single(field => field.GetProperty("fieldPath").GetString() == path);

    public static bool HasRecord(this JsonElement matches, string collection, string id) =>
        matches.EnumerateArray().Any(match => match.GetProperty("collection").GetString() == collection && match.GetProperty("recordId").GetString() == id);
}
