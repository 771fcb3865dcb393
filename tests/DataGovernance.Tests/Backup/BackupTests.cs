using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Blobs;
using DataGovernance.Backup;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using Record = DataGovernance.Records.Record;
using static DataGovernance.Tests.Backup.BackupApi;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Backup;

/// <summary>On-demand backups end to end: the restore point, its snapshot in both regions, and what it contains.</summary>
public sealed class BackupTests(HubFixture hub)
{
    private static readonly string[] UnicodeIds = ["ä-1", "日本"];

    private IServiceProvider Services => hub.App.Services;

    private BackupStorage Storage => Services.GetRequiredService<BackupStorage>();

    [Fact]
    public async Task OnDemandBackup_ListsAVerifiedReplicatedRestorePoint_WithCountsPerCollection()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        for (var i = 0; i < 5; i++)
        {
            await owner.CreateAsync(tenant, "controls", new { code = $"AC-{i}", title = $"Control {i}", status = "draft" });
        }
        await owner.CreateAsync(tenant, "risks", new { title = "Vendor lock-in", status = "identified", likelihood = 2, impact = 3 });

        var restorePointId = await owner.BackUpOkAsync(tenant);

        var list = await (await owner.GetAsync(BackupUrl(tenant, "/restore-points"), Ct)).ExpectAsync(HttpStatusCode.OK);
        var point = Assert.Single(list.GetProperty("items").EnumerateArray());
        Assert.Equal(restorePointId, point.GetProperty("id").GetString());
        Assert.Equal("OnDemand", point.GetProperty("kind").GetString());
        Assert.Equal(6, point.GetProperty("recordCount").GetInt64());
        Assert.Equal(6, point.GetProperty("position").GetInt64());
        Assert.Equal("Replicated", point.GetProperty("replication").GetProperty("status").GetString());
        Assert.Equal(0, list.GetProperty("pendingReplicas").GetInt32());

        var detail = await owner.RestorePointAsync(tenant, restorePointId);
        var counts = detail.GetProperty("collections").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("recordCount").GetInt64());
        Assert.Equal(5, counts["controls"]);
        Assert.Equal(1, counts["risks"]);
        Assert.Equal(0, counts["evidence"]);

        var primary = await Storage.Primary.GetManifestAsync(tenant, restorePointId, Ct);
        var secondary = await Storage.Secondary.GetManifestAsync(tenant, restorePointId, Ct);
        Assert.NotNull(primary);
        Assert.True(primary.HasValidRootHash);
        Assert.Equal(primary.RootHash, secondary?.RootHash);
        Assert.Equal(primary.RootHash, point.GetProperty("rootHash").GetString());
        Assert.Empty(await SnapshotReader.CheckAsync(Storage.Secondary, secondary!, Ct));
    }

    [Fact]
    public async Task Snapshot_IsExactlyTheTenantAtItsPosition_WhileWritesContinue()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var ids = await Services.SeedControlsAsync(tenant, 3000);
        var records = Services.GetRequiredService<RecordService>();
        var context = new WriteContext(Actor.System("test-writer"), "test-writer");

        using var stop = new CancellationTokenSource();
        var writes = 0;
        var writer = Task.Run(async () =>
        {
            var random = new Random(7);
            while (!stop.IsCancellationRequested)
            {
                var id = ids[random.Next(ids.Count)];
                var document = JsonSerializer.SerializeToElement(new { code = "AC-X", title = $"Rewritten {writes}", status = "implemented" });
                switch (writes % 3)
                {
                    case 0:
                        await records.CreateAsync(tenant, Collections.Controls, document, context, CancellationToken.None);
                        break;
                    case 1:
                        await records.ReplaceAsync(tenant, Collections.Controls, id, document, null, context, CancellationToken.None);
                        break;
                    default:
                        await records.DeleteAsync(tenant, Collections.Controls, id, null, context, CancellationToken.None);
                        break;
                }
                Interlocked.Increment(ref writes);
            }
        }, Ct);

        var changedDuringSnapshot = false;
        for (var run = 0; run < 3; run++)
        {
            var restorePointId = await owner.BackUpOkAsync(tenant);
            var manifest = (await Storage.Primary.GetManifestAsync(tenant, restorePointId, Ct))!;
            var headAfter = (await Services.GetRequiredService<RecordStore>().GetHeadAsync(tenant, Ct)).LastSequence;
            changedDuringSnapshot |= headAfter > manifest.Position;

            var expected = await ReplayAsync(tenant, manifest.Position);
            var actual = new List<string>();
            foreach (var collection in manifest.Collections)
            {
                await foreach (var record in SnapshotReader.ReadAsync(Storage.Primary, manifest, collection.Name, Ct))
                {
                    actual.Add(Describe(record));
                }
            }
            Assert.Equal(expected.Order(StringComparer.Ordinal), actual.Order(StringComparer.Ordinal));
            Assert.Equal(expected.Count, manifest.RecordCount);
        }
        await stop.CancelAsync();
        await writer;
        Assert.True(writes > 20, $"Only {writes} writes ran during the snapshots.");
        Assert.True(changedDuringSnapshot, "No write landed while a snapshot was being taken.");
    }

    [Fact]
    public async Task NextSnapshot_AfterFewChanges_IsTheLastOnePlusTheChangeLog_AndExactlyTheTenant()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var ids = await Services.SeedControlsAsync(tenant, 3000);
        var first = await owner.BackUpOkAsync(tenant);
        var records = Services.GetRequiredService<RecordService>();
        var context = new WriteContext(Actor.System("test-writer"), "test-writer");
        foreach (var id in ids.Take(10))
        {
            await records.ReplaceAsync(tenant, Collections.Controls, id, JsonSerializer.SerializeToElement(new { code = "AC-X", title = "Changed", status = "implemented" }), null, context, Ct);
        }
        foreach (var id in ids.Skip(2990))
        {
            await records.DeleteAsync(tenant, Collections.Controls, id, null, context, Ct);
        }
        var created = await Services.SeedControlsAsync(tenant, 10, "NEW");

        var second = await owner.BackUpOkAsync(tenant);
        Assert.Equal(first, (await owner.RestorePointAsync(tenant, second)).GetProperty("basedOn").GetString());
        var manifest = await ManifestAsync(tenant, second);
        var actual = await SnapshotReader.ReadAsync(Storage.Primary, manifest, Collections.Controls, Ct).Select(Describe).ToListAsync(Ct);
        var generation = await Services.GetRequiredService<RecordStore>().GetGenerationAsync(tenant, Ct);
        var live = await Services.GetRequiredService<RecordStore>().ScanAsync(tenant, generation, Collections.Controls, Ct).Select(Describe).ToListAsync(Ct);
        Assert.Equal(live, actual);
        Assert.Equal(3000, manifest.RecordCount);
        // Every chunk whose id range no change falls in is the restore point's own chunk, not a rewritten one.
        var changed = ids.Take(10).Concat(ids.Skip(2990)).Concat(created).ToList();
        var untouched = (await ManifestAsync(tenant, first)).AllChunks.Select(item => item.Chunk)
            .Where(chunk => !changed.Any(id => string.CompareOrdinal(id, chunk.FirstId) >= 0 && string.CompareOrdinal(id, chunk.LastId) <= 0))
            .Select(chunk => chunk.Sha256).ToList();
        Assert.Subset(Shas(manifest), untouched.ToHashSet());

        // Many changes: the records are read in full again.
        await Services.SeedControlsAsync(tenant, 1100, "MORE");
        var third = await owner.BackUpOkAsync(tenant);
        Assert.False((await owner.RestorePointAsync(tenant, third)).TryGetProperty("basedOn", out var basedOn) && basedOn.ValueKind == JsonValueKind.String);
        Assert.Equal(4100, (await ManifestAsync(tenant, third)).RecordCount);
    }

    [Fact]
    public async Task NextSnapshot_IsReadInFull_WhenAChunkItWouldShareIsDamaged()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await Services.SeedControlsAsync(tenant, 2000);
        var first = await owner.BackUpOkAsync(tenant);
        var lost = (await ManifestAsync(tenant, first)).AllChunks.First(item => item.Collection == Collections.Controls).Chunk.Sha256;
        await Storage.Primary.DeleteChunkAsync(tenant, lost, Ct);
        await Services.SeedControlsAsync(tenant, 5, "NEW");

        var second = await owner.BackUpOkAsync(tenant);

        Assert.False((await owner.RestorePointAsync(tenant, second)).TryGetProperty("basedOn", out var basedOn) && basedOn.ValueKind == JsonValueKind.String);
        var manifest = await ManifestAsync(tenant, second);
        Assert.Empty(await SnapshotReader.CheckAsync(Storage.Primary, manifest, Ct));
        Assert.Equal(2005, manifest.RecordCount);
    }

    [Fact]
    public async Task UnchangedChunks_AreSharedBetweenSnapshots()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var ids = await Services.SeedControlsAsync(tenant, 6000);

        var first = await owner.BackUpOkAsync(tenant);
        var chunksAfterFirst = await ChunkBlobsAsync(tenant);
        var second = await owner.BackUpOkAsync(tenant);
        Assert.Equal(chunksAfterFirst, await ChunkBlobsAsync(tenant));

        await owner.PutJsonAsync(RecordUrl(tenant, "controls", ids[1234]), new { code = "AC-1", title = "Changed", status = "operating" }, "\"1\"");
        var third = await owner.BackUpOkAsync(tenant);

        var (a, b, c) = (await ManifestAsync(tenant, first), await ManifestAsync(tenant, second), await ManifestAsync(tenant, third));
        Assert.True(a.AllChunks.Count() >= 2, $"6000 records made only {a.AllChunks.Count()} chunks.");
        Assert.Equal(Shas(a), Shas(b));
        Assert.Single(Shas(c).Except(Shas(b)));
        Assert.Equal(chunksAfterFirst.Count + 1, (await ChunkBlobsAsync(tenant)).Count);
        Assert.NotEqual(b.RootHash, c.RootHash);
    }

    [Fact]
    public async Task ResidencyExcludingTheSecondaryRegion_KeepsTheSnapshotInThePrimary_AndSaysWhy()
    {
        var tenant = await hub.CreateTenantAsync(dataResidency: "ch");
        using var owner = hub.Owner(tenant);
        await owner.CreateAsync(tenant, "controls", ValidControl);

        var policy = await (await owner.GetAsync(BackupUrl(tenant, "/policy"), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.False(policy.GetProperty("replicationAllowed").GetBoolean());
        Assert.Contains("northeurope", policy.GetProperty("replicationRefusal").GetString());

        var restorePointId = await owner.BackUpOkAsync(tenant);

        var replication = (await owner.RestorePointAsync(tenant, restorePointId)).GetProperty("restorePoint").GetProperty("replication");
        Assert.Equal("NotAllowed", replication.GetProperty("status").GetString());
        Assert.Contains("'ch'", replication.GetProperty("reason").GetString());
        Assert.NotNull(await Storage.Primary.GetManifestAsync(tenant, restorePointId, Ct));
        var secondaryBlobs = new BlobServiceClient(hub.Secondary.ConnectionString).GetBlobContainerClient(StorageNames.BackupsContainer);
        Assert.Empty(await secondaryBlobs.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{tenant}/", Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task AnyCollectionsContents_RoundTripThroughTheSnapshot()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var evidence = await owner.CreateAsync(tenant, "evidence", new { title = "Access review — Q3 \"final\" ✓", status = "accepted", collectedOn = "2026-10-01", controlIds = UnicodeIds, fileName = "Prüfbericht 日本.pdf" });

        var restorePointId = await owner.BackUpOkAsync(tenant);

        var manifest = await ManifestAsync(tenant, restorePointId);
        var restored = Assert.Single(await SnapshotReader.ReadAsync(Storage.Primary, manifest, "evidence", Ct).ToListAsync(Ct));
        var live = await owner.GetRecordAsync(tenant, "evidence", evidence.GetProperty("id").GetString()!);
        Assert.True(JsonElement.DeepEquals(live.GetProperty("data"), restored.Data), restored.Data.GetRawText());
        Assert.Contains("Prüfbericht 日本.pdf", restored.Data.GetRawText(), StringComparison.Ordinal);
        Assert.Equal(live.GetProperty("version").GetInt64(), restored.Version);
        Assert.Equal(live.GetProperty("createdAt").GetDateTimeOffset(), restored.CreatedAt);
    }

    private async Task<List<string>> ReplayAsync(string tenant, long position)
    {
        var latest = new Dictionary<(string, string), Record?>();
        await foreach (var entry in Services.GetRequiredService<ChangeLogStore>().ReadRangeAsync(tenant, 0, position, null, null, Ct))
        {
            latest.TryAdd((entry.Collection, entry.RecordId), entry.AfterState());
        }
        return [.. latest.Values.OfType<Record>().Select(Describe)];
    }

    private static string Describe(Record record) =>
        $"{record.Collection}/{record.Id}/v{record.Version}/{record.UpdatedAt:O}/{record.UpdatedBy}/{record.CreatedAt:O}/{record.Data.GetRawText()}";

    private async Task<SnapshotManifest> ManifestAsync(string tenant, string restorePointId) =>
        (await Storage.Primary.GetManifestAsync(tenant, restorePointId, Ct))!;

    private static HashSet<string> Shas(SnapshotManifest manifest) => [.. manifest.AllChunks.Select(item => item.Chunk.Sha256)];

    private async Task<List<string>> ChunkBlobsAsync(string tenant)
    {
        var container = new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient(StorageNames.BackupsContainer);
        return [.. (await container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"{tenant}/chunks/", Ct).ToListAsync(Ct)).Select(blob => blob.Name)];
    }
}
