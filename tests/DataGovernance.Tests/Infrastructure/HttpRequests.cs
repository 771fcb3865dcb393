using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>Small request helpers: JSON writes with If-Match, and reading every page of a listing.</summary>
public static class HttpRequests
{
    public static async Task<HttpResponseMessage> SendJsonAsync(
        this HttpClient client, HttpMethod method, string url, object body, string? ifMatch, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, url) { Content = JsonContent.Create(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await client.SendAsync(request, cancellationToken);
    }

    public static Task<HttpResponseMessage> PutJsonAsync(this HttpClient client, string url, object body, string? ifMatch, CancellationToken cancellationToken) =>
        client.SendJsonAsync(HttpMethod.Put, url, body, ifMatch, cancellationToken);

    public static async Task<HttpResponseMessage> PutBytesAsync(this HttpClient client, string url, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        using var body = new ByteArrayContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return await client.PutAsync(url, body, cancellationToken);
    }

    /// <summary>Follows <c>continuationToken</c> until the listing ends; <paramref name="url"/> may carry filters.</summary>
    public static async Task<List<JsonElement>> ReadAllPagesAsync(this HttpClient client, string url, CancellationToken cancellationToken, int maxPages = 1000)
    {
        var items = new List<JsonElement>();
        string? token = null;
        for (var page = 0; page < maxPages; page++)
        {
            var pageUrl = token is null ? url : $"{url}{(url.Contains('?', StringComparison.Ordinal) ? '&' : '?')}continuationToken={Uri.EscapeDataString(token)}";
            var body = await (await client.GetAsync(pageUrl, cancellationToken)).ExpectAsync(System.Net.HttpStatusCode.OK);
            items.AddRange(body.GetProperty("items").EnumerateArray());
            token = body.TryGetProperty("continuationToken", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
            if (token is null)
            {
                return items;
            }
        }
        throw new InvalidOperationException($"{url} did not end within {maxPages} pages.");
    }
}
