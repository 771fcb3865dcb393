using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs.Models;
using DataGovernance.Storage;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Imports;

/// <summary>Calls of the import routes shared by the import tests.</summary>
internal static class ImportApi
{
    public const string Csv = "text/csv";
    public const string Json = "application/json";
    public const string Xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string ImportsUrl(string tenant, string path = "") => $"/api/tenants/{tenant}/imports{path}";

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string tenant, string collection, byte[] content, string contentType, string fileName = "file") =>
        client.PostAsync(ImportsUrl(tenant, $"?collection={collection}&fileName={Uri.EscapeDataString(fileName)}"), Content(content, contentType), Ct);

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, string tenant, string collection, string csv) =>
        client.UploadAsync(tenant, collection, Encoding.UTF8.GetBytes(csv), Csv, "file.csv");

    public static async Task<string> UploadIdAsync(this HttpClient client, string tenant, string collection, string csv) =>
        (await (await client.UploadAsync(tenant, collection, csv)).ExpectAsync(HttpStatusCode.Created)).GetProperty("id").GetString()!;

    public static Task<HttpResponseMessage> ValidateAsync(this HttpClient client, string tenant, string importId, object? body = null) =>
        client.PostAsJsonAsync(ImportsUrl(tenant, $"/{importId}/validate"), body ?? new { }, Ct);

    public static async Task<JsonElement> ValidatedAsync(this HttpClient client, string tenant, string importId, object? body = null) =>
        await (await client.ValidateAsync(tenant, importId, body)).ExpectAsync(HttpStatusCode.OK);

    public static async Task<JsonElement> GetImportAsync(this HttpClient client, string tenant, string importId) =>
        await (await client.GetAsync(ImportsUrl(tenant, $"/{importId}"), Ct)).ExpectAsync(HttpStatusCode.OK);

    /// <summary>Starts a commit (or rollback) and follows the batch until it leaves the running state; returns the batch.</summary>
    public static async Task<JsonElement> RunAsync(this HttpClient client, string tenant, string importId, string action = "commit", object? body = null)
    {
        var started = await client.PostAsJsonAsync(ImportsUrl(tenant, $"/{importId}/{action}"), body ?? new { }, Ct);
        await started.ExpectAsync(HttpStatusCode.Accepted);
        return await client.SettledAsync(tenant, importId);
    }

    public static async Task<JsonElement> SettledAsync(this HttpClient client, string tenant, string importId, Func<JsonElement, Task>? whileRunning = null)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            var batch = await client.GetImportAsync(tenant, importId);
            if (batch.GetProperty("status").GetString() is not ("Committing" or "RollingBack"))
            {
                return batch;
            }
            if (whileRunning is not null)
            {
                await whileRunning(batch);
            }
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException($"Import {importId} did not settle in time.");
    }

    /// <summary>Upload, validate with <paramref name="validation"/>, commit; the committed batch.</summary>
    public static async Task<JsonElement> ImportAsync(this HttpClient client, string tenant, string collection, string csv, object? validation = null)
    {
        var id = await client.UploadIdAsync(tenant, collection, csv);
        await client.ValidatedAsync(tenant, id, validation);
        var batch = await client.RunAsync(tenant, id);
        Assert.True(batch.GetProperty("status").GetString() == "Committed", $"The import did not commit: {batch}");
        return batch;
    }

    /// <summary>
    /// Uploads the file to a new tenant and, if the upload is taken, validates it; asserts the problem and that nothing was
    /// imported — and, when the upload itself is refused, that no batch was kept.
    /// </summary>
    public static async Task<JsonElement> RefusedImportAsync(
        this HubFixture hub, string collection, byte[] content, string contentType, HttpStatusCode status, string code, string fileName = "file")
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var uploaded = await owner.UploadAsync(tenant, collection, content, contentType, fileName);
        JsonElement problem;
        if (uploaded.StatusCode == HttpStatusCode.Created)
        {
            var id = (await uploaded.ExpectAsync(HttpStatusCode.Created)).Prop("id");
            problem = await (await owner.ValidateAsync(tenant, id)).ExpectAsync(status, code);
            Assert.Equal("Uploaded", (await owner.GetImportAsync(tenant, id)).Prop("status"));
            await (await owner.PostAsync(ImportsUrl(tenant, $"/{id}/commit"), null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "import-not-validated");
        }
        else
        {
            problem = await uploaded.ExpectAsync(status, code);
            Assert.Empty(await owner.ReadAllPagesAsync(ImportsUrl(tenant), Ct));
            var container = hub.App.Services.GetRequiredService<HubStorage>().Primary.Container(StorageNames.ImportsContainer);
            Assert.Empty(await container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenant}/", Ct).ToListAsync(Ct));
        }
        Assert.Empty(await owner.RecordsAsync(tenant, collection));
        Assert.Empty(await owner.ReadAllPagesAsync($"/api/tenants/{tenant}/timeline", Ct));
        return problem;
    }

    public static async Task<List<JsonElement>> RecordsAsync(this HttpClient client, string tenant, string collection) =>
        await client.ReadAllPagesAsync($"/api/tenants/{tenant}/records/{collection}?pageSize=200", Ct);

    public static string Prop(this JsonElement element, string name) => element.GetProperty(name).GetString()!;

    public static int Count(this JsonElement batch, string name) => batch.GetProperty("counts").GetProperty(name).GetInt32();

    public static List<(long Row, string? Column, string Code)> Errors(this JsonElement batch) =>
        [.. batch.GetProperty("errors").EnumerateArray().Select(error => (error.GetProperty("row").GetInt64(),
            error.TryGetProperty("column", out var column) ? column.GetString() : null, error.Prop("code")))];

    private static ByteArrayContent Content(byte[] content, string contentType)
    {
        var body = new ByteArrayContent(content);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return body;
    }
}
