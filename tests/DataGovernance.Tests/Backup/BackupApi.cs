using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Backup;

/// <summary>Calls of the backup routes shared by the backup tests, and fast seeding of records.</summary>
internal static class BackupApi
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string BackupUrl(string tenant, string path = "") => $"/api/tenants/{tenant}/backup{path}";

    /// <summary>Starts an on-demand backup and follows its status until it finishes; returns the final status.</summary>
    public static async Task<JsonElement> BackUpAsync(this HttpClient client, string tenant, TimeSpan? timeout = null)
    {
        var started = await client.PostAsync(BackupUrl(tenant, "/restore-points"), null, Ct);
        await started.ExpectAsync(HttpStatusCode.Accepted);
        return await client.FinishedAsync(started.Headers.Location!.OriginalString, timeout);
    }

    /// <summary>Takes a backup that must complete, and returns its restore point id.</summary>
    public static async Task<string> BackUpOkAsync(this HttpClient client, string tenant)
    {
        var status = await client.BackUpAsync(tenant);
        Assert.True(status.GetProperty("runtimeStatus").GetString() == "Completed", $"The backup did not complete: {status}");
        return status.GetProperty("output").GetProperty("restorePointId").GetString()!;
    }

    /// <summary>Polls an orchestration status resource until the instance is no longer pending or running.</summary>
    public static async Task<JsonElement> FinishedAsync(this HttpClient client, string location, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            var body = await (await client.GetAsync(location, Ct)).ExpectAsync(HttpStatusCode.OK);
            if (body.GetProperty("runtimeStatus").GetString() is not ("Pending" or "Running"))
            {
                return body;
            }
            await Task.Delay(150, Ct);
        }
        throw new TimeoutException($"{location} did not finish in time.");
    }

    public static async Task<JsonElement> RestorePointAsync(this HttpClient client, string tenant, string restorePointId) =>
        await (await client.GetAsync(BackupUrl(tenant, $"/restore-points/{restorePointId}"), Ct)).ExpectAsync(HttpStatusCode.OK);

    public static async Task<List<JsonElement>> RestorePointsAsync(this HttpClient client, string tenant) =>
        [.. (await (await client.GetAsync(BackupUrl(tenant, "/restore-points"), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    /// <summary>True when the body has the property with a value (the hub leaves null properties out).</summary>
    public static bool Has(this JsonElement body, string property) =>
        body.TryGetProperty(property, out var value) && value.ValueKind != JsonValueKind.Null;

    public static HttpClient Owner(this HubFixture hub, string tenant) => hub.WithBearer(HubFixture.DevToken(tenant, "owner-1", Role.Owner));

    /// <summary>Creates <paramref name="count"/> valid controls through the record service, a commit per 49.</summary>
    public static async Task<List<string>> SeedControlsAsync(this IServiceProvider services, string tenant, int count, string prefix = "C")
    {
        var records = services.GetRequiredService<RecordService>();
        var context = new WriteContext(Actor.System("test-seed"), "test-seed");
        var ids = new List<string>(count);
        foreach (var batch in Enumerable.Range(0, count).Chunk(RecordStore.MaxWritesPerCommit))
        {
            var documents = batch.Select(i => JsonSerializer.SerializeToElement(new { code = $"{prefix}-{i}", title = $"Control {prefix}-{i}", status = "draft" })).ToList();
            var created = await records.CreateManyAsync(tenant, Collections.Controls, documents, context, Ct);
            Assert.True(created.Succeeded, created.Succeeded ? null : created.Failure.Detail);
            ids.AddRange(created.Value.Select(record => record.Id));
        }
        return ids;
    }
}
