using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Orchestrations;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Security;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;

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

    /// <summary>A request that would succeed for the tenant's own owner, per method and route pattern.</summary>
    private static readonly Dictionary<string, Func<string, string, HttpRequestMessage>> Samples = new()
    {
        ["GET /policy"] = (tenant, _) => new(HttpMethod.Get, BackupUrl(tenant, "/policy")),
        ["PUT /policy"] = (tenant, _) => new(HttpMethod.Put, BackupUrl(tenant, "/policy")) { Content = JsonContent.Create(Policy) },
        ["GET /restore-points"] = (tenant, _) => new(HttpMethod.Get, BackupUrl(tenant, "/restore-points")),
        ["POST /restore-points"] = (tenant, _) => new(HttpMethod.Post, BackupUrl(tenant, "/restore-points")),
        ["GET /restore-points/{restorePointId}"] = (tenant, point) => new(HttpMethod.Get, BackupUrl(tenant, $"/restore-points/{point}")),
        ["POST /integrity-checks"] = (tenant, _) => new(HttpMethod.Post, BackupUrl(tenant, "/integrity-checks")),
        ["GET /alerts"] = (tenant, _) => new(HttpMethod.Get, BackupUrl(tenant, "/alerts")),
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
        var before = await SnapshotAsync(victimOwner, victim);

        foreach (var (route, sample) in Samples)
        {
            using var request = sample(victim, restorePointId);
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
    }

    /// <summary>What the routes could change or start for a tenant: its policy, restore points, alerts and workflows.</summary>
    private async Task<string> SnapshotAsync(HttpClient owner, string tenant)
    {
        var policy = await (await owner.GetAsync(BackupUrl(tenant, "/policy"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var points = await (await owner.GetAsync(BackupUrl(tenant, "/restore-points"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var alerts = await (await owner.GetAsync(BackupUrl(tenant, "/alerts"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var instances = await hub.App.Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(new OrchestrationQuery(TenantId: tenant), Ct);
        return JsonSerializer.Serialize(new
        {
            policy = policy.GetProperty("policy"),
            isDefault = policy.GetProperty("isDefault"),
            points = points.GetProperty("items"),
            alerts = alerts.GetProperty("items"),
            instances = instances.Instances.Select(instance => instance.InstanceId).Order(StringComparer.Ordinal),
        });
    }
}
