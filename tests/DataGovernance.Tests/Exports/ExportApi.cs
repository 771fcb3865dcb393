using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Exports;

/// <summary>Routes and polling steps of the export and view tests.</summary>
public static class ExportApi
{
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>How a request with another tenant's credentials may be refused.</summary>
    public static readonly HttpStatusCode[] Refusals = [HttpStatusCode.NotFound, HttpStatusCode.Forbidden];

    public static string ExportsUrl(string tenant) => $"/api/tenants/{tenant}/exports";

    public static string ViewsUrl(string tenant) => $"/api/tenants/{tenant}/views";

    public static string Str(this JsonElement element, string property) => element.GetProperty(property).GetString()!;

    /// <summary>Starts an export (202) and returns the job as the answer shows it, after checking the status URL.</summary>
    public static async Task<JsonElement> StartExportAsync(this HttpClient client, string tenant, object body)
    {
        var response = await client.PostAsJsonAsync(ExportsUrl(tenant), body, Ct);
        var job = await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal($"{ExportsUrl(tenant)}/{job.Str("id")}", response.Headers.Location?.OriginalString);
        return job;
    }

    /// <summary>Polls the job until it has ended, and returns it; fails the test when it failed.</summary>
    public static async Task<JsonElement> CompletedAsync(this HttpClient client, string tenant, string exportId)
    {
        JsonElement job = default;
        await Eventually.TrueAsync(async () =>
        {
            job = await (await client.GetAsync($"{ExportsUrl(tenant)}/{exportId}", Ct)).ExpectAsync(HttpStatusCode.OK);
            return job.Str("status") is "Completed" or "Failed";
        }, Deadline, $"export {exportId} ended within {Deadline.TotalSeconds} s");
        Assert.True(job.Str("status") == "Completed", $"The export failed: {job.GetRawText()}");
        return job;
    }

    /// <summary>Exports and downloads the file through its link (anonymously, as links work).</summary>
    public static async Task<(JsonElement Job, byte[] File, string? ContentType)> ExportAsync(this HubFixture hub, HttpClient client, string tenant, object body)
    {
        var started = await client.StartExportAsync(tenant, body);
        var job = await client.CompletedAsync(tenant, started.Str("id"));
        using var anonymous = hub.Anonymous();
        using var download = await anonymous.GetAsync(job.Str("downloadUrl"), Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        return (job, await download.Content.ReadAsByteArrayAsync(Ct), download.Content.Headers.ContentType?.MediaType);
    }

    public static async Task<JsonElement> CreateViewAsync(this HttpClient client, string tenant, object body) =>
        await (await client.PostAsJsonAsync(ViewsUrl(tenant), body, Ct)).ExpectAsync(HttpStatusCode.Created);
}
