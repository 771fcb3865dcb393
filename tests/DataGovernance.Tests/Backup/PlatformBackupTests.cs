using System.Net;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Backup.RestoreApi;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Backup;

/// <summary>The platform console: every tenant's backups and replicas, and the restore operations centre.</summary>
public sealed class PlatformBackupTests(HubFixture hub)
{
    private HttpClient Operator() => hub.WithBearer(HubFixture.DevToken(null, "operator-1", Role.PlatformOperator));

    private async Task<JsonElement> TenantStatusAsync(string tenant)
    {
        using var console = Operator();
        var list = await (await console.GetAsync("/api/admin/backups/tenants", Ct)).ExpectAsync(HttpStatusCode.OK);
        return list.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("tenantId").GetString() == tenant);
    }

    [Fact]
    public async Task TenantOverview_ShowsSchedules_RestorePoints_AndReplication()
    {
        var replicated = await hub.CreateTenantAsync();
        var swiss = await hub.CreateTenantAsync(dataResidency: "ch");
        foreach (var tenant in new[] { replicated, swiss })
        {
            using var owner = hub.Owner(tenant);
            await owner.CreateIdAsync(tenant, "controls", new { code = "AC-1", title = "One", status = "draft" });
        }
        var fresh = await TenantStatusAsync(replicated);
        Assert.Equal(0, fresh.GetProperty("restorePoints").GetInt32());
        Assert.True(fresh.GetProperty("isDefaultPolicy").GetBoolean());
        Assert.True(fresh.GetProperty("nextBackupAt").GetDateTimeOffset() > DateTimeOffset.UtcNow);

        using (var owner = hub.Owner(replicated))
        {
            await owner.BackUpOkAsync(replicated);
        }
        using (var owner = hub.Owner(swiss))
        {
            await owner.BackUpOkAsync(swiss);
        }

        var status = await TenantStatusAsync(replicated);
        Assert.Equal(1, status.GetProperty("restorePoints").GetInt32());
        Assert.Equal(0, status.GetProperty("pendingReplicas").GetInt32());
        Assert.Equal(0, status.GetProperty("replicationLagSeconds").GetDouble());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("lastReplicatedAt").ValueKind);
        var refused = await TenantStatusAsync(swiss);
        Assert.Contains("'ch'", refused.GetProperty("replicationRefusal").GetString());
        Assert.False(refused.TryGetProperty("lastReplicatedAt", out var never) && never.ValueKind != JsonValueKind.Null);
    }

    [Fact]
    public async Task RestoreOperationsCentre_ListsPendingApprovals_AndOutcomes()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateIdAsync(tenant, "controls", new { code = "AC-1", title = "One", status = "draft" });
        var restoreId = (await owner.RequestRestoreAsync(tenant, new { scope = "tenant", at = DateTimeOffset.UtcNow, reason = "Operations centre check." })).GetProperty("id").GetString()!;
        using var console = Operator();

        var centre = await (await console.GetAsync("/api/admin/backups/restores", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Contains(centre.GetProperty("pendingApprovals").EnumerateArray(), r => r.GetProperty("id").GetString() == restoreId);

        await hub.Admin(tenant).DecideAsync(tenant, restoreId, "reject");
        await owner.RestoreInStatusAsync(tenant, restoreId, "Rejected");
        centre = await (await console.GetAsync("/api/admin/backups/restores", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(centre.GetProperty("pendingApprovals").EnumerateArray(), r => r.GetProperty("id").GetString() == restoreId);
        Assert.Contains(centre.GetProperty("history").EnumerateArray(), r => r.GetProperty("id").GetString() == restoreId && r.GetProperty("status").GetString() == "Rejected");
        Assert.True(centre.GetProperty("rejected").GetInt32() >= 1);
    }

    [Theory]
    [InlineData("/api/admin/backups/tenants")]
    [InlineData("/api/admin/backups/restores")]
    public async Task PlatformBackupRoutes_AreClosedToTenantAdministrators(string path)
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        Assert.Equal(HttpStatusCode.Forbidden, (await owner.GetAsync(path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await hub.Anonymous().GetAsync(path, Ct)).StatusCode);
    }
}
