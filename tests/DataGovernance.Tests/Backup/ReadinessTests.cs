using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Backup;

/// <summary>Disaster-recovery readiness: achieved RPO and drilled RTO against the tenant's targets, gaps, and breach alerts.</summary>
public sealed class ReadinessTests(HubFixture hub)
{
    private IServiceProvider Services => hub.App.Services;

    [Fact]
    public async Task NewTenant_IsAtRisk_WithoutRestorePointOrDrill()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);

        var readiness = await owner.ReadinessAsync(tenant);

        Assert.Equal("AtRisk", readiness.GetProperty("status").GetString());
        Assert.Equal(["no-restore-point", "no-drill"], readiness.GapCodes());
        Assert.False(readiness.TryGetProperty("achievedRpoMinutes", out _));
        Assert.Equal(24 * 60, readiness.GetProperty("targets").GetProperty("rpoMinutes").GetInt32());
        Assert.Equal(4 * 60, readiness.GetProperty("targets").GetProperty("rtoMinutes").GetInt32());
    }

    [Fact]
    public async Task AfterABackupAndAPassedDrill_TheTenantIsReady()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "controls", ValidControl);
        var restorePointId = await owner.BackUpOkAsync(tenant);
        var drill = await owner.DrillAsync(tenant);

        var readiness = await owner.ReadinessAsync(tenant);

        Assert.True(readiness.GetProperty("status").GetString() == "Ready", readiness.ToString());
        Assert.Empty(readiness.GapCodes());
        Assert.InRange(readiness.GetProperty("achievedRpoMinutes").GetDouble(), 0, 5);
        Assert.Equal(restorePointId, readiness.GetProperty("newestReplicatedRestorePointId").GetString());
        var lastDrill = readiness.GetProperty("lastDrill");
        Assert.Equal(drill.GetProperty("id").GetString(), lastDrill.GetProperty("drillId").GetString());
        Assert.Equal("Passed", lastDrill.GetProperty("outcome").GetString());
        Assert.Equal(drill.GetProperty("rtoSeconds").GetDouble(), lastDrill.GetProperty("rtoSeconds").GetDouble());
    }

    [Fact]
    public async Task ResidencyKeepingReplicasOut_CountsThePrimaryRestorePoint_AndSaysSo()
    {
        var tenant = await hub.CreateTenantAsync(dataResidency: "ch");
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "controls", ValidControl);
        var restorePointId = await owner.BackUpOkAsync(tenant);

        var readiness = await owner.ReadinessAsync(tenant);

        Assert.Equal("AtRisk", readiness.GetProperty("status").GetString());
        Assert.Equal(["no-replica", "no-drill"], readiness.GapCodes());
        Assert.Equal(restorePointId, readiness.GetProperty("rpoRestorePointId").GetString());
        Assert.False(readiness.TryGetProperty("newestReplicatedRestorePointId", out _));
        Assert.InRange(readiness.GetProperty("achievedRpoMinutes").GetDouble(), 0, 5);
        Assert.Contains("'ch'", readiness.GetProperty("gaps")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABreachedRpo_RaisesExactlyOneReadinessAlert_WhileItLasts()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "controls", ValidControl);
        var restorePointId = await owner.BackUpOkAsync(tenant);
        await owner.DrillAsync(tenant);
        await hub.RunSchedulerAsync();
        Assert.Empty(await ReadinessAlertsAsync(owner, tenant));

        var policy = (await owner.GetJsonAsync(BackupUrl(tenant, "/policy"))).GetProperty("policy");
        var strict = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(policy.GetRawText())!;
        strict["rpoMinutes"] = JsonSerializer.SerializeToElement(5);
        await (await owner.PutAsJsonAsync(BackupUrl(tenant, "/policy"), strict, Ct)).ExpectAsync(HttpStatusCode.OK);
        var points = Services.GetRequiredService<RestorePointStore>();
        var point = (await points.GetAsync(tenant, restorePointId, Ct))!;
        await points.UpdateAsync(point with { CreatedAt = point.CreatedAt.AddMinutes(-30) }, Ct);

        await hub.RunSchedulerAsync();
        await hub.RunSchedulerAsync();

        var readiness = await owner.ReadinessAsync(tenant);
        Assert.Equal("Breached", readiness.GetProperty("status").GetString());
        Assert.Contains("rpo-breached", readiness.GapCodes());
        var alert = Assert.Single(await ReadinessAlertsAsync(owner, tenant));
        Assert.Equal("Critical", alert.GetProperty("severity").GetString());
        Assert.Contains(restorePointId, alert.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static async Task<List<JsonElement>> ReadinessAlertsAsync(HttpClient client, string tenant) =>
        [.. (await client.GetJsonAsync(BackupUrl(tenant, "/alerts"))).GetProperty("items").EnumerateArray()
            .Where(alert => alert.GetProperty("kind").GetString() == BackupAlerts.Readiness)];
}
