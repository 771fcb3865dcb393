using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DataGovernance.Backup;
using DataGovernance.Monitoring;
using DataGovernance.Privacy;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;
using static DataGovernance.Tests.Privacy.DpiaApi;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Backups are replicated to the secondary region (northeurope, Ireland, the second Azurite) only where the tenant's cross-border rules allow.</summary>
public sealed class CrossBorderReplicationTests(HubFixture hub)
{
    [Fact]
    public async Task RulesExcludingTheSecondaryRegion_BlockReplication_WithTheReason_AnAlert_AndNothingCopied()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.SaveRulesAsync(tenant, JsonNode.Parse("""{ "residency": "eu", "allowedCountries": { "contact": ["DE", "NL"] } }""")!);
        await hub.App.Services.SeedControlsAsync(tenant, 3);

        var restorePointId = await owner.BackUpOkAsync(tenant);

        var replication = (await owner.RestorePointAsync(tenant, restorePointId)).GetProperty("restorePoint").GetProperty("replication");
        Assert.Equal("NotAllowed", replication.GetProperty("status").GetString());
        Assert.Contains("northeurope", replication.GetProperty("reason").GetString());
        Assert.Contains("contact", replication.GetProperty("reason").GetString());
        var alert = Assert.Single(await BlockedAlertsAsync(tenant));
        Assert.Equal(restorePointId, alert.Subject);
        Assert.Contains("northeurope", alert.Message);
        Assert.Empty(await SecondaryBlobsAsync(tenant));

        var copy = hub.App.Services.GetRequiredService<BackupService>().CopyToSecondaryAsync(tenant, restorePointId, Ct);
        Assert.Contains("northeurope", (await Assert.ThrowsAsync<InvalidOperationException>(() => copy)).Message);
        Assert.Empty(await SecondaryBlobsAsync(tenant));
    }

    [Fact]
    public async Task ABlockedReplication_RaisesOneAlertPerRestorePoint_AndAskingWhetherReplicationIsAllowedRaisesNone()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.SaveRulesAsync(tenant, JsonNode.Parse("""{ "residency": "eu", "allowedCountries": { "contact": ["DE", "NL"] } }""")!);
        await hub.App.Services.SeedControlsAsync(tenant, 3);
        var backups = hub.App.Services.GetRequiredService<BackupService>();

        Assert.Contains("northeurope", await backups.ReplicationRefusalAsync(tenant, Ct));
        Assert.Contains("northeurope", await backups.ReplicationRefusalAsync(tenant, Ct));
        Assert.Empty(await BlockedAlertsAsync(tenant));

        var first = await owner.BackUpOkAsync(tenant);
        var second = await owner.BackUpOkAsync(tenant);
        // The step asked again (as a retried activity would) does not raise a second alert for the same restore point.
        Assert.NotNull(await backups.ReplicationRefusalForAsync(tenant, first, Ct));

        var alerts = await BlockedAlertsAsync(tenant);
        Assert.Equal(2, alerts.Count);
        Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), alerts.Select(alert => alert.Subject).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RulesNamingTheSecondaryRegion_LetReplicationRun()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.SaveRulesAsync(tenant,
            JsonNode.Parse("""{ "residency": "eu", "allowedRegions": ["westeurope", "northeurope"], "allowedCountries": { "health": ["EEA"] } }""")!);
        await hub.App.Services.SeedControlsAsync(tenant, 3);

        var restorePointId = await owner.BackUpOkAsync(tenant);

        var replication = (await owner.RestorePointAsync(tenant, restorePointId)).GetProperty("restorePoint").GetProperty("replication");
        Assert.Equal("Replicated", replication.GetProperty("status").GetString());
        Assert.NotEmpty(await SecondaryBlobsAsync(tenant));
        Assert.Empty(await BlockedAlertsAsync(tenant));
    }

    private Task<IReadOnlyList<Alert>> BlockedAlertsAsync(string tenant) =>
        hub.App.Services.GetRequiredService<AlertStore>().ListAsync(tenant, CrossBorderService.ReplicationBlockedAlert, 100, Ct);

    private async Task<List<BlobItem>> SecondaryBlobsAsync(string tenant)
    {
        var container = new BlobServiceClient(hub.Secondary.ConnectionString).GetBlobContainerClient(StorageNames.BackupsContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: Ct);
        return await container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenant}/", Ct).ToListAsync(Ct);
    }
}
