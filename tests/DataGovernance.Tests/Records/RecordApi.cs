using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Records;

/// <summary>Calls of the record routes shared by the record tests.</summary>
internal static class RecordApi
{
    public static readonly object ValidControl = new { code = "AC-01", title = "Quarterly access review", status = "implemented", owner = "alice" };

    public static string CollectionUrl(string tenant, string collection) => $"/api/tenants/{tenant}/records/{collection}";

    public static string RecordUrl(string tenant, string collection, string id) => $"/api/tenants/{tenant}/records/{collection}/{id}";

    public static string TimelineUrl(string tenant) => $"/api/tenants/{tenant}/timeline";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<JsonElement> CreateAsync(this HttpClient client, string tenant, string collection, object document)
    {
        var response = await client.PostAsJsonAsync(CollectionUrl(tenant, collection), document, Ct);
        return await response.ExpectAsync(HttpStatusCode.Created);
    }

    public static async Task<string> CreateIdAsync(this HttpClient client, string tenant, string collection, object document) =>
        (await client.CreateAsync(tenant, collection, document)).GetProperty("id").GetString()!;

    public static async Task<HttpResponseMessage> SendRawAsync(
        this HttpClient client, HttpMethod method, string url, string? json = null, string? ifMatch = null, string? correlationId = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        if (ifMatch is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation("If-Match", ifMatch));
        }
        if (correlationId is not null)
        {
            request.Headers.Add("X-Correlation-Id", correlationId);
        }
        return await client.SendAsync(request, Ct);
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object document, string? ifMatch, string? correlationId = null) =>
        client.SendRawAsync(HttpMethod.Put, url, JsonSerializer.Serialize(document), ifMatch, correlationId);

    public static async Task<JsonElement> GetRecordAsync(this HttpClient client, string tenant, string collection, string id) =>
        await (await client.GetAsync(RecordUrl(tenant, collection, id), Ct)).ExpectAsync(HttpStatusCode.OK);

    /// <summary>One page of a listing (records or timeline) at the given relative URL.</summary>
    public static async Task<(List<JsonElement> Items, string? Token)> PageAsync(this HttpClient client, string url)
    {
        var body = await (await client.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.OK);
        var token = body.TryGetProperty("continuationToken", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        return (body.GetProperty("items").EnumerateArray().ToList(), token);
    }

    /// <summary>Every item of a listing, following continuation tokens; <paramref name="query"/> is appended after <c>?</c>.</summary>
    public static async Task<List<JsonElement>> ListAllAsync(this HttpClient client, string url, string query = "")
    {
        var items = new List<JsonElement>();
        string? token = null;
        do
        {
            var tokenPart = token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token);
            var (page, next) = await client.PageAsync($"{url}?pageSize=200&{query}{tokenPart}");
            items.AddRange(page);
            token = next;
        }
        while (token is not null);
        return items;
    }

    public static Task<List<JsonElement>> TimelineAsync(this HttpClient client, string tenant, string query = "") =>
        client.ListAllAsync(TimelineUrl(tenant), query);

    public static string Escape(DateTimeOffset instant) => Uri.EscapeDataString(instant.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    public static List<TableEntity> RawRows(this HubFixture hub, string tenant) =>
        [.. hub.PrimaryTable("Records").Query<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}"), cancellationToken: Ct)];
}

/// <summary>
/// What a tenant's record store looks like from outside (timeline, one collection's listing) and inside (every
/// row of its partition with its ETag): equal snapshots before and after a request mean the request changed nothing.
/// </summary>
internal sealed record TenantState(long TopSequence, int TimelineCount, string Listing, string Rows)
{
    public static async Task<TenantState> CaptureAsync(HubFixture hub, HttpClient reader, string tenant, string collection = "controls")
    {
        var timeline = await reader.TimelineAsync(tenant);
        var top = timeline.Count == 0 ? 0 : timeline[0].GetProperty("sequence").GetInt64();
        var listing = await reader.ListAllAsync(RecordApi.CollectionUrl(tenant, collection));
        var rows = hub.RawRows(tenant).Select(row => $"{row.RowKey}@{row.ETag}").Order(StringComparer.Ordinal);
        return new TenantState(
            top,
            timeline.Count,
            string.Join("\n", listing.Select(item => item.GetRawText())),
            string.Join("\n", rows));
    }
}
