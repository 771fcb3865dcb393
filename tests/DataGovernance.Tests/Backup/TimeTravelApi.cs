using System.Globalization;
using System.Net;
using System.Text.Json;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Backup;

/// <summary>Calls of the time-travel routes, and moments that lie strictly between two writes.</summary>
internal static class TimeTravelApi
{
    /// <summary>More than the coarsest clock tick and the change log's stored time precision.</summary>
    private static readonly TimeSpan ClockGranularity = TimeSpan.FromMilliseconds(20);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string At(DateTimeOffset moment) => Uri.EscapeDataString(moment.ToString("O", CultureInfo.InvariantCulture));

    public static string TenantAtUrl(string tenant, DateTimeOffset moment) => $"/api/tenants/{tenant}/backup/time-travel?at={At(moment)}";

    public static string CollectionAtUrl(string tenant, string collection, DateTimeOffset moment) =>
        $"/api/tenants/{tenant}/backup/time-travel/{collection}?at={At(moment)}";

    public static string RecordAtUrl(string tenant, string collection, string id, DateTimeOffset moment) =>
        $"/api/tenants/{tenant}/backup/time-travel/{collection}/{id}?at={At(moment)}";

    public static string DiffUrl(string tenant, DateTimeOffset moment, string query = "") =>
        $"/api/tenants/{tenant}/backup/diff?at={At(moment)}{(query.Length == 0 ? "" : "&" + query)}";

    /// <summary>
    /// Now, once every earlier write is done; returns only when the clock has moved past it, so the next write
    /// is stamped later than the moment.
    /// </summary>
    public static async Task<DateTimeOffset> MomentAsync()
    {
        var moment = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow <= moment + ClockGranularity)
        {
            await Task.Delay(5, Ct);
        }
        return moment;
    }

    /// <summary>The lines of an NDJSON answer, checking its status and media type.</summary>
    public static async Task<(List<JsonElement> Lines, HttpResponseMessage Response)> LinesAsync(this HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200 from {url}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.True(text.Length == 0 || text.EndsWith('\n'), "The last line is not terminated.");
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonSerializer.Deserialize<JsonElement>(line)).ToList();
        return (lines, response);
    }

    public static async Task<List<JsonElement>> RecordsAtAsync(this HttpClient client, string url) => (await client.LinesAsync(url)).Lines;

    /// <summary>Each line as collection/id/vN/title (or code when untitled).</summary>
    public static List<string> Describe(IEnumerable<JsonElement> records) =>
        [.. records.Select(record => $"{record.GetProperty("collection").GetString()}/{record.GetProperty("id").GetString()}/v{record.GetProperty("version").GetInt64()}/{record.GetProperty("data").GetProperty("title").GetString()}")];

    public static string? Header(this HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
