using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Orchestrations.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;

namespace DataGovernance.Tests.Backup;

/// <summary>Calls of the drill and readiness routes shared by their tests.</summary>
internal static class DrillApi
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Starts a drill and follows it until it finishes; returns the drill (the orchestration's output).</summary>
    public static async Task<JsonElement> DrillAsync(this HttpClient client, string tenant, string? restorePointId = null)
    {
        var started = await client.PostAsJsonAsync(BackupUrl(tenant, "/drills"), new { restorePointId }, Ct);
        await started.ExpectAsync(HttpStatusCode.Accepted);
        var status = await client.FinishedAsync(started.Headers.Location!.OriginalString);
        Assert.True(status.GetProperty("runtimeStatus").GetString() == "Completed", $"The drill orchestration did not complete: {status}");
        return status.GetProperty("output");
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string url) =>
        await (await client.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.OK);

    public static Task<JsonElement> ReadinessAsync(this HttpClient client, string tenant) => client.GetJsonAsync(BackupUrl(tenant, "/readiness"));

    public static string[] GapCodes(this JsonElement readiness) =>
        [.. readiness.GetProperty("gaps").EnumerateArray().Select(gap => gap.GetProperty("code").GetString()!)];

    /// <summary>One run of the every-minute backup scheduler of the shared hub.</summary>
    public static Task RunSchedulerAsync(this HubFixture hub) =>
        hub.App.Services.GetRequiredService<BackupScheduler>().RunAsync(Ct);
}
