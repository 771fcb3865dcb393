using System.Net;
using System.Text.Json;
using DataGovernance.Backup;
using DataGovernance.Orchestrations;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Backup.BackupApi;

namespace DataGovernance.Tests.Backup;

/// <summary>
/// The secondary region goes down: backups still complete in the primary, their replicas wait with a backoff, and
/// the scheduler catches them up, complete and intact, once the region answers again.
/// </summary>
public sealed class ReplicationOutageTests(RegionsHost regions) : IClassFixture<RegionsHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private BackupStorage Storage => regions.Services.GetRequiredService<BackupStorage>();

    [Fact]
    public async Task BackupsDuringASecondaryOutage_CompleteInThePrimary_AndCatchUpOnceItAnswers()
    {
        var tenant = await regions.CreateTenantAsync();
        using var owner = regions.Owner(tenant);
        await regions.Services.SeedControlsAsync(tenant, 200, "A");

        await regions.Secondary.StopAsync();
        string first, second;
        try
        {
            // The second backup starts once the first has its snapshot, so that the two outages overlap in time.
            var firstStarted = await StartBackupAsync(owner, tenant);
            await WaitForStepAsync(owner, firstStarted, "replicate");
            await regions.Services.SeedControlsAsync(tenant, 100, "B");
            var secondStarted = await StartBackupAsync(owner, tenant);
            (first, second) = (await CompletedPendingAsync(owner, firstStarted), await CompletedPendingAsync(owner, secondStarted));

            var list = await (await owner.GetAsync(BackupUrl(tenant, "/restore-points"), Ct)).ExpectAsync(HttpStatusCode.OK);
            var points = list.GetProperty("items").EnumerateArray().ToDictionary(point => point.GetProperty("id").GetString()!);
            Assert.Equal(new[] { first, second }.Order(StringComparer.Ordinal), points.Keys.Order(StringComparer.Ordinal));
            Assert.Equal(200, points[first].GetProperty("recordCount").GetInt64());
            Assert.Equal(300, points[second].GetProperty("recordCount").GetInt64());
            foreach (var point in points.Values)
            {
                var replication = point.GetProperty("replication");
                Assert.Equal("Pending", replication.GetProperty("status").GetString());
                Assert.True(replication.GetProperty("attempts").GetInt32() >= 1, replication.ToString());
                Assert.True(replication.Has("nextAttemptAt"), replication.ToString());
                Assert.False(string.IsNullOrEmpty(replication.GetProperty("reason").GetString()));
                Assert.False(replication.Has("replicatedAt"), replication.ToString());
            }
            Assert.Equal(2, list.GetProperty("pendingReplicas").GetInt32());
            Assert.True(list.GetProperty("replicationLagSeconds").GetDouble() > 0, list.ToString());
            Assert.Equal(points[first].GetProperty("createdAt").GetDateTimeOffset(), list.GetProperty("oldestPendingSince").GetDateTimeOffset());
        }
        finally
        {
            if (regions.Secondary.IsStopped)
            {
                await regions.Secondary.StartAgainAsync();
            }
        }
        Assert.Null(await Storage.Secondary.GetManifestAsync(tenant, first, Ct));
        Assert.Null(await Storage.Secondary.GetManifestAsync(tenant, second, Ct));

        // The hub's own every-minute timer may have started an attempt during the outage; let it end first.
        await WaitForReplicationAttemptsToEndAsync(tenant);
        if (await ReplicationStatusAsync(owner, tenant, first) == "Pending" && await ReplicationStatusAsync(owner, tenant, second) == "Pending")
        {
            // A replica whose next attempt is not due yet is left alone while another one catches up.
            await PostponeNextAttemptAsync(tenant, first, TimeSpan.FromHours(1));
            await RunSchedulerUntilReplicatedAsync(owner, tenant, second);
            Assert.Equal("Pending", await ReplicationStatusAsync(owner, tenant, first));
            Assert.Null(await Storage.Secondary.GetManifestAsync(tenant, first, Ct));
            await PostponeNextAttemptAsync(tenant, first, TimeSpan.Zero);
        }
        await RunSchedulerUntilReplicatedAsync(owner, tenant, first);
        await RunSchedulerUntilReplicatedAsync(owner, tenant, second);

        var caughtUp = await (await owner.GetAsync(BackupUrl(tenant, "/restore-points"), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(0, caughtUp.GetProperty("pendingReplicas").GetInt32());
        Assert.Equal(0, caughtUp.GetProperty("replicationLagSeconds").GetDouble());
        foreach (var point in caughtUp.GetProperty("items").EnumerateArray())
        {
            var replication = point.GetProperty("replication");
            Assert.True(replication.GetProperty("attempts").GetInt32() >= 2, replication.ToString());
            Assert.True(replication.Has("replicatedAt"), replication.ToString());
            Assert.False(replication.Has("nextAttemptAt"), replication.ToString());
            await AssertReplicaCompleteAsync(tenant, point.GetProperty("id").GetString()!, point.GetProperty("recordCount").GetInt64());
        }
    }

    private static async Task<string> StartBackupAsync(HttpClient owner, string tenant)
    {
        var started = await owner.PostAsync(BackupUrl(tenant, "/restore-points"), null, Ct);
        await started.ExpectAsync(HttpStatusCode.Accepted);
        return started.Headers.Location!.OriginalString;
    }

    private static async Task WaitForStepAsync(HttpClient owner, string location, string step)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var status = await (await owner.GetAsync(location, Ct)).ExpectAsync(HttpStatusCode.OK);
            if (status.TryGetProperty("customStatus", out var custom) && custom.TryGetProperty("step", out var current) && current.GetString() == step)
            {
                return;
            }
            Assert.True(status.GetProperty("runtimeStatus").GetString() is "Pending" or "Running", $"The backup ended before '{step}': {status}");
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException($"{location} did not reach '{step}' in time.");
    }

    /// <summary>Waits for a backup taken while the secondary is down: it completes, with its replica pending.</summary>
    private static async Task<string> CompletedPendingAsync(HttpClient owner, string location)
    {
        var status = await owner.FinishedAsync(location, TimeSpan.FromSeconds(120));
        Assert.True(status.GetProperty("runtimeStatus").GetString() == "Completed", $"The backup did not complete: {status}");
        var output = status.GetProperty("output");
        Assert.Equal("Pending", output.GetProperty("replication").GetString());
        return output.GetProperty("restorePointId").GetString()!;
    }

    private static async Task<string?> ReplicationStatusAsync(HttpClient owner, string tenant, string restorePointId) =>
        (await owner.RestorePointAsync(tenant, restorePointId)).GetProperty("restorePoint").GetProperty("replication").GetProperty("status").GetString();

    private async Task WaitForReplicationAttemptsToEndAsync(string tenant)
    {
        var client = regions.Services.GetRequiredService<DurableTaskClient>();
        var running = new OrchestrationQuery(TenantId: tenant, InstanceIdPrefix: $"replicate:{tenant}:",
            Statuses: [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running]);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while ((await client.GetAllInstancesAsync(running, Ct)).Instances.Count > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "A replication attempt did not end in time.");
            await Task.Delay(250, Ct);
        }
    }

    private async Task PostponeNextAttemptAsync(string tenant, string restorePointId, TimeSpan by)
    {
        var store = regions.Services.GetRequiredService<RestorePointStore>();
        var point = (await store.GetAsync(tenant, restorePointId, Ct))!;
        await store.UpdateAsync(point with { Replication = point.Replication with { NextAttemptAt = DateTimeOffset.UtcNow + by } }, Ct);
    }

    /// <summary>Runs the scheduler as its timer would, until the restore point's replica is recorded as replicated.</summary>
    private async Task RunSchedulerUntilReplicatedAsync(HttpClient owner, string tenant, string restorePointId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement replication = default;
        while (DateTime.UtcNow < deadline)
        {
            await regions.RunSchedulerAsync();
            replication = (await owner.RestorePointAsync(tenant, restorePointId)).GetProperty("restorePoint").GetProperty("replication");
            if (replication.GetProperty("status").GetString() == "Replicated")
            {
                return;
            }
            await Task.Delay(250, Ct);
        }
        var attempts = await regions.Services.GetRequiredService<DurableTaskClient>()
            .GetAllInstancesAsync(new OrchestrationQuery(TenantId: tenant, InstanceIdPrefix: $"replicate:{tenant}:{restorePointId}", FetchInputsAndOutputs: true), Ct);
        throw new TimeoutException($"{restorePointId} was not replicated in time: {replication}; attempts: " +
            string.Join(", ", attempts.Instances.Select(instance => $"{instance.InstanceId} {instance.RuntimeStatus} {instance.SerializedOutput}")));
    }

    private async Task AssertReplicaCompleteAsync(string tenant, string restorePointId, long recordCount)
    {
        var primary = (await Storage.Primary.GetManifestAsync(tenant, restorePointId, Ct))!;
        var secondary = await Storage.Secondary.GetManifestAsync(tenant, restorePointId, Ct);
        Assert.NotNull(secondary);
        Assert.True(secondary.HasValidRootHash);
        Assert.Equal(primary.RootHash, secondary.RootHash);
        Assert.Empty(await SnapshotReader.CheckAsync(Storage.Secondary, secondary, Ct));
        var records = 0L;
        foreach (var collection in secondary.Collections)
        {
            records += await SnapshotReader.ReadAsync(Storage.Secondary, secondary, collection.Name, Ct).CountAsync(Ct);
        }
        Assert.Equal(recordCount, secondary.RecordCount);
        Assert.Equal(recordCount, records);
    }
}
