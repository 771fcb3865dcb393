using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;

namespace DataGovernance.Tests.Backup;

/// <summary>Calls of the restore routes shared by the restore tests.</summary>
internal static class RestoreApi
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string RestoreUrl(string tenant, string path = "") => BackupUrl(tenant, $"/restores{path}");

    /// <summary>A second administrator of the tenant, who may approve what the owner requests.</summary>
    public static HttpClient Admin(this HubFixture hub, string tenant) => hub.WithBearer(HubFixture.DevToken(tenant, "admin-2", Role.Admin));

    /// <summary>Requests a restore and waits for its impact assessment; returns the request awaiting approval.</summary>
    public static async Task<JsonElement> RequestRestoreAsync(this HttpClient client, string tenant, object body)
    {
        var response = await client.PostAsJsonAsync(RestoreUrl(tenant), body, Ct);
        var accepted = await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal(RestoreUrl(tenant, $"/{accepted.GetProperty("id").GetString()}"), response.Headers.Location?.OriginalString);
        return await client.RestoreInStatusAsync(tenant, accepted.GetProperty("id").GetString()!, "AwaitingApproval");
    }

    public static async Task<JsonElement> DecideAsync(this HttpClient client, string tenant, string restoreId, string decision, HttpStatusCode expected = HttpStatusCode.OK) =>
        await (await client.PostAsJsonAsync(RestoreUrl(tenant, $"/{restoreId}/{decision}"), new { comment = "Checked the impact." }, Ct)).ExpectAsync(expected);

    /// <summary>Polls a restore until it reaches <paramref name="status"/> (or a final status other than it, which fails).</summary>
    public static async Task<JsonElement> RestoreInStatusAsync(this HttpClient client, string tenant, string restoreId, string status, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        string[] final = ["Succeeded", "Rejected", "Expired", "Failed"];
        while (DateTime.UtcNow < deadline)
        {
            var restore = await (await client.GetAsync(RestoreUrl(tenant, $"/{restoreId}"), Ct)).ExpectAsync(HttpStatusCode.OK);
            var current = restore.GetProperty("status").GetString();
            if (current == status)
            {
                return restore;
            }
            Assert.False(final.Contains(current), $"Restore {restoreId} ended {current}, not {status}: {restore}");
            await Task.Delay(150, Ct);
        }
        throw new TimeoutException($"Restore {restoreId} did not reach {status} in time.");
    }

    /// <summary>Requests, has a second administrator approve, and waits for success.</summary>
    public static async Task<JsonElement> RestoreApprovedAsync(this HubFixture hub, string tenant, object body)
    {
        using var owner = hub.Owner(tenant);
        using var admin = hub.Admin(tenant);
        var requested = await owner.RequestRestoreAsync(tenant, body);
        var id = requested.GetProperty("id").GetString()!;
        await admin.DecideAsync(tenant, id, "approve");
        return await owner.RestoreInStatusAsync(tenant, id, "Succeeded");
    }

    public static Dictionary<string, long> ImpactOf(JsonElement impact, string collection) =>
        impact.GetProperty("collections").EnumerateArray().Where(c => c.GetProperty("collection").GetString() == collection)
            .Select(c => new Dictionary<string, long> { ["create"] = c.GetProperty("create").GetInt64(), ["update"] = c.GetProperty("update").GetInt64(), ["delete"] = c.GetProperty("delete").GetInt64() })
            .SingleOrDefault() ?? new Dictionary<string, long> { ["create"] = 0, ["update"] = 0, ["delete"] = 0 };
}
