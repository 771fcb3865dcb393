using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Orchestrations;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;
using static DataGovernance.Tests.Backup.RestoreApi;

namespace DataGovernance.Tests.Backup;

/// <summary>
/// Every backup route refuses another tenant's owner and changes or starts nothing. The routes come from the running
/// hub, so a new backup route without a sample request here fails the test.
/// </summary>
public sealed class BackupIsolationTests(HubFixture hub)
{
    private const string RoutePrefix = "/api/tenants/{tenantId}/backup";

    private static readonly object Policy = new
    {
        schedule = "0 15 3 * * *", keepDaily = 3, keepWeekly = 1, keepMonthly = 1, replicaRegion = "none", rpoMinutes = 60, rtoMinutes = 60, enabled = false,
    };

    /// <summary>What the victim tenant has, so that each sample request names something that exists.</summary>
    private sealed record VictimIds(string RestorePointId, string DrillId, string RestoreId);

    private static readonly object Restore = new { scope = "tenant", at = DateTimeOffset.UtcNow, reason = "An intruder's restore request." };

    /// <summary>A request that would succeed for the tenant's own owner, per method and route pattern.</summary>
    private static readonly Dictionary<string, Func<string, VictimIds, HttpRequestMessage>> Samples = new()
    {
        ["GET /policy"] = (tenant, _) => new(HttpMethod.Get, BackupUrl(tenant, "/policy")),
        ["PUT /policy"] = (tenant, _) => new(HttpMethod.Put, BackupUrl(tenant, "/policy")) { Content = JsonContent.Create(Policy) },
        ["GET /restore-points"] = (tenant, _) => new(HttpMethod.Get, BackupUrl(tenant, "/restore-points")),
        ["POST /restore-points"] = (tenant, _) => new(HttpMethod.Post, BackupUrl(tenant, "/restore-points")),
        ["GET /restore-points/{restorePointId}"] = (tenant, ids) => new(HttpMethod.Get, BackupUrl(tenant, $"/restore-points/{ids.RestorePointId}")),
        ["POST /integrity-checks"] = (tenant, _) => new(HttpMethod.Post, BackupUrl(tenant, "/integrity-checks")),
        ["GET /alerts"] = (tenant, _) => new(HttpMethod.Get, BackupUrl(tenant, "/alerts")),
        ["POST /drills"] = (tenant, ids) => new(HttpMethod.Post, BackupUrl(tenant, "/drills")) { Content = JsonContent.Create(new { ids.RestorePointId }) },
        ["GET /drills"] = (tenant, _) => new(HttpMethod.Get, BackupUrl(tenant, "/drills")),
        ["GET /drills/{drillId}"] = (tenant, ids) => new(HttpMethod.Get, BackupUrl(tenant, $"/drills/{ids.DrillId}")),
        ["GET /drills/{drillId}/report"] = (tenant, ids) => new(HttpMethod.Get, BackupUrl(tenant, $"/drills/{ids.DrillId}/report")),
        ["GET /readiness"] = (tenant, _) => new(HttpMethod.Get, BackupUrl(tenant, "/readiness")),
        ["POST /restores"] = (tenant, _) => new(HttpMethod.Post, RestoreUrl(tenant)) { Content = JsonContent.Create(Restore) },
        ["GET /restores"] = (tenant, _) => new(HttpMethod.Get, RestoreUrl(tenant)),
        ["GET /restores/{restoreId}"] = (tenant, ids) => new(HttpMethod.Get, RestoreUrl(tenant, $"/{ids.RestoreId}")),
        ["POST /restores/{restoreId}/approve"] = (tenant, ids) => new(HttpMethod.Post, RestoreUrl(tenant, $"/{ids.RestoreId}/approve")) { Content = JsonContent.Create(new { comment = "ok" }) },
        ["POST /restores/{restoreId}/reject"] = (tenant, ids) => new(HttpMethod.Post, RestoreUrl(tenant, $"/{ids.RestoreId}/reject")) { Content = JsonContent.Create(new { comment = "no" }) },
        ["POST /restores/{restoreId}/undo"] = (tenant, ids) => new(HttpMethod.Post, RestoreUrl(tenant, $"/{ids.RestoreId}/undo")) { Content = JsonContent.Create(new { reason = "An intruder's undo." }) },
        ["GET /time-travel"] = (tenant, _) => new(HttpMethod.Get, $"{BackupUrl(tenant, "/time-travel")}?at={TimeTravelApi.At(DateTimeOffset.UtcNow)}"),
        ["GET /time-travel/{collection}"] = (tenant, _) => new(HttpMethod.Get, TimeTravelApi.CollectionAtUrl(tenant, "controls", DateTimeOffset.UtcNow)),
        ["GET /time-travel/{collection}/{id}"] = (tenant, _) => new(HttpMethod.Get, TimeTravelApi.RecordAtUrl(tenant, "controls", "missing", DateTimeOffset.UtcNow)),
        ["GET /diff"] = (tenant, _) => new(HttpMethod.Get, TimeTravelApi.DiffUrl(tenant, DateTimeOffset.UtcNow)),
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void EveryBackupRoute_HasASampleRequest()
    {
        var routes = HubRoute.All(hub.App.Services)
            .Where(route => route.Pattern.StartsWith(RoutePrefix, StringComparison.Ordinal))
            .Select(route => $"{route.Method} {route.Pattern[RoutePrefix.Length..].TrimEnd('/')}")
            .ToHashSet();

        Assert.Equal(Samples.Keys.Order(StringComparer.Ordinal), routes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AnotherTenantsOwner_IsRefusedOnEveryBackupRoute_AndNothingChangesOrStarts()
    {
        var (victim, intruder) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var victimOwner = hub.Owner(victim);
        using var intruderOwner = hub.Owner(intruder);
        var restorePointId = await victimOwner.BackUpOkAsync(victim);
        var drillId = (await victimOwner.DrillAsync(victim, restorePointId)).GetProperty("id").GetString()!;
        var restoreId = (await victimOwner.RequestRestoreAsync(victim, Restore)).GetProperty("id").GetString()!;
        var ids = new VictimIds(restorePointId, drillId, restoreId);
        var before = await SnapshotAsync(victimOwner, victim);

        foreach (var (route, sample) in Samples)
        {
            using var request = sample(victim, ids);
            using var response = await intruderOwner.SendAsync(request, Ct);
            var body = await response.Content.ReadAsStringAsync(Ct);
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{route}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.True(JsonSerializer.Deserialize<JsonElement>(body).GetProperty("code").GetString() is "not-found" or "forbidden", $"{route}: {body}");
        }

        // The intruder's own routes do not reach the victim's restore point either.
        await (await intruderOwner.GetAsync(BackupUrl(intruder, $"/restore-points/{restorePointId}"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");

        var after = await SnapshotAsync(victimOwner, victim);
        Assert.Equal(before, after);
        await hub.Admin(victim).DecideAsync(victim, restoreId, "reject");
    }

    /// <summary>What the routes could change or start for a tenant: its policy, restore points, alerts and workflows.</summary>
    private async Task<string> SnapshotAsync(HttpClient owner, string tenant)
    {
        var policy = await (await owner.GetAsync(BackupUrl(tenant, "/policy"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var points = await (await owner.GetAsync(BackupUrl(tenant, "/restore-points"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var alerts = await (await owner.GetAsync(BackupUrl(tenant, "/alerts"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var drills = await (await owner.GetAsync(BackupUrl(tenant, "/drills"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var restores = await (await owner.GetAsync(RestoreUrl(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        var instances = await hub.App.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery(TenantId: tenant), Ct);
        return JsonSerializer.Serialize(new
        {
            policy = policy.GetProperty("policy"),
            isDefault = policy.GetProperty("isDefault"),
            points = points.GetProperty("items"),
            alerts = alerts.GetProperty("items"),
            drills = drills.GetProperty("items"),
            restores = restores.GetProperty("items"),
            instances = instances.Instances.Select(instance => instance.InstanceId).Order(StringComparer.Ordinal),
        });
    }
}
