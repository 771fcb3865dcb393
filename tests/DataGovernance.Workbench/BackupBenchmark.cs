using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using Azure.Data.Tables;
using DataGovernance.Backup;
using DataGovernance.Records;
using DataGovernance.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataGovernance.Workbench;

/// <summary>
/// Backup and restore of a generated tenant, each printed next to the plain storage operations it comes down to,
/// measured on the same storage in the same run: the snapshot against uploading its chunks as plain blobs, the
/// restore against inserting the same rows in plain table transactions.
/// </summary>
public static class BackupBenchmark
{
    private const double Megabyte = 1024 * 1024;
    private const double SnapshotRatioTarget = 0.5;
    private const double PeakMemoryTargetMegabytes = 300;
    private const double RestoreRatioTarget = 0.5;
    private const int AddedAfterSnapshot = 1_000;

    public static async Task<int> RunAsync(Func<IHost> createHost, IReadOnlyList<string> options)
    {
        var count = options is ["--records", var value] && int.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > 1 ? parsed : 200_000;
        var cancellationToken = CancellationToken.None;
        using var host = createHost();
        var storage = host.Services.GetRequiredService<HubStorage>();
        await new StorageInitializer(storage).StartAsync(cancellationToken);
        var tenantId = $"bench{Guid.NewGuid():N}"[..16];

        Console.WriteLine($"bench backup: seeding tenant {tenantId} with {count:N0} generated records (not measured)...");
        var seeding = Stopwatch.StartNew();
        await GeneratedTenant.SeedAsync(host.Services, storage, tenantId, count, cancellationToken);
        Console.WriteLine($"  seeded in {seeding.Elapsed.TotalSeconds:F0} s");

        Console.WriteLine("bench backup: snapshot (BackupService.TakeSnapshotAsync) in a worker process...");
        var snapshot = await SnapshotPhase.MeasureAsync(tenantId, "bench-snapshot", cancellationToken);
        var backups = host.Services.GetRequiredService<BackupStorage>().Primary;
        var manifest = await backups.GetManifestAsync(tenantId, "bench-snapshot", cancellationToken)
            ?? throw new InvalidOperationException("The snapshot left no manifest.");
        if (manifest.RecordCount != count)
        {
            throw new InvalidOperationException($"The snapshot holds {manifest.RecordCount} records, not {count}.");
        }

        Console.WriteLine("bench backup: plain table reads of the records, then the chunks read back (not measured) and uploaded as plain blobs...");
        var records = host.Services.GetRequiredService<RecordStore>();
        var generation = (await records.GetHeadAsync(tenantId, cancellationToken)).Generation;
        var scan = await RawBaselines.ScanRowsAsync(storage.Primary.Table(StorageNames.RecordsTable), tenantId,
            [.. Collections.Names.Select(name => RecordRows.CollectionPrefix(generation, name))], SnapshotWriter.ParallelScans, cancellationToken);
        var chunks = await ReadChunksAsync(backups, manifest, cancellationToken);
        var rawBytes = chunks.Sum(chunk => chunk.ContentBytes);
        var compressedBytes = chunks.Sum(chunk => (long)chunk.Compressed.Length);
        var uploadContainer = storage.Primary.Container($"bench-raw-{Guid.NewGuid():N}"[..30]);
        await uploadContainer.CreateAsync(cancellationToken: cancellationToken);
        var upload = await RawBaselines.UploadBlobsAsync(uploadContainer, [.. chunks.Select(chunk => chunk.Compressed)], SnapshotWriter.ParallelUploads, cancellationToken);

        Console.WriteLine($"bench backup: {AddedAfterSnapshot:N0} records added through the record service (not measured), then an incremental snapshot in a worker process...");
        await host.Services.GetRequiredService<BackupService>().RecordRestorePointAsync(BackupService.Summarize(manifest), RestorePointKind.OnDemand,
            new Replication(ReplicationStatus.NotAllowed, "Benchmark", 0, null, null), cancellationToken);
        await GeneratedTenant.AddThroughServiceAsync(host.Services, tenantId, AddedAfterSnapshot, cancellationToken);
        var incremental = await SnapshotPhase.MeasureAsync(tenantId, "bench-incremental", cancellationToken);
        if (incremental.Records != count + AddedAfterSnapshot)
        {
            throw new InvalidOperationException($"The incremental snapshot holds {incremental.Records} records, not {count + AddedAfterSnapshot}.");
        }

        Console.WriteLine($"bench backup: plain table inserts of {count:N0} rows before and after the restore into a new generation...");
        var table = storage.Primary.Table(StorageNames.RecordsTable);
        var insertsBefore = await RawBaselines.InsertRowsAsync(table, Rows(tenantId, generation + 2, chunks), RestoreRun.RowsPerTransaction, RestoreRun.Parallelism, cancellationToken);
        var restoreWatch = Stopwatch.StartNew();
        var restored = await RestoreRun.RestoreSnapshotAsync(host.Services, manifest, cancellationToken);
        var restore = restoreWatch.Elapsed;
        var insertsAfter = await RawBaselines.InsertRowsAsync(table, Rows(tenantId, generation + 3, chunks), RestoreRun.RowsPerTransaction, RestoreRun.Parallelism, cancellationToken);

        var snapshotMegabytes = compressedBytes / Megabyte / snapshot.Seconds;
        var uploadMegabytes = compressedBytes / Megabyte / upload.TotalSeconds;
        var insertRate = (count / insertsBefore.TotalSeconds + count / insertsAfter.TotalSeconds) / 2;
        var readAndUploadMegabytes = compressedBytes / Megabyte / (scan.Elapsed + upload).TotalSeconds;
        var restoreRate = restored / restore.TotalSeconds;
        var checks = new List<(string Name, bool Met)>
        {
            ("snapshot MB/s ≥ 0.5 of plain uploads", snapshotMegabytes / uploadMegabytes >= SnapshotRatioTarget),
            ($"snapshot peak memory < {PeakMemoryTargetMegabytes} MB", snapshot.PeakRssMegabytes < PeakMemoryTargetMegabytes),
            ("restore records/s ≥ 0.5 of plain inserts", restoreRate / insertRate >= RestoreRatioTarget),
        };

        Console.WriteLine();
        Console.WriteLine($"{count:N0} records in {manifest.Collections.Count} collections, {chunks.Count} chunks: {rawBytes / Megabyte:F1} MB of JSON lines, {compressedBytes / Megabyte:F1} MB gzipped");
        Console.WriteLine();
        Console.WriteLine("| measurement | time | rate | ratio to the baseline | target |");
        Console.WriteLine("|---|---|---|---|---|");
        Console.WriteLine($"| plain blob uploads of the snapshot's chunks, {SnapshotWriter.ParallelUploads} at a time | {upload.TotalSeconds:F1} s | {uploadMegabytes:F1} MB/s | 1.00 | |");
        Console.WriteLine($"| snapshot | {snapshot.Seconds:F1} s | {count / snapshot.Seconds:N0} records/s, {snapshotMegabytes:F1} MB/s gzipped ({rawBytes / Megabyte / snapshot.Seconds:F1} MB/s of JSON) | {snapshotMegabytes / uploadMegabytes:F2} | ≥ {SnapshotRatioTarget:F1}: {Verdict(checks[0].Met)} |");
        Console.WriteLine($"| plain table reads of the same records, {SnapshotWriter.ParallelScans} collections at a time | {scan.Elapsed.TotalSeconds:F1} s | {scan.Rows / scan.Elapsed.TotalSeconds:N0} rows/s | | |");
        Console.WriteLine($"| snapshot against plain reads + plain uploads ({(scan.Elapsed + upload).TotalSeconds:F1} s, {readAndUploadMegabytes:F1} MB/s) | | | {snapshotMegabytes / readAndUploadMegabytes:F2} | |");
        Console.WriteLine($"| snapshot worker process, peak resident memory (VmHWM) | | {snapshot.PeakRssMegabytes:F0} MB ({snapshot.RssBeforeMegabytes:F0} MB before the snapshot) | | < {PeakMemoryTargetMegabytes:F0} MB: {Verdict(checks[1].Met)} |");
        Console.WriteLine($"| next snapshot, {AddedAfterSnapshot:N0} records added since (incremental: the restore point plus the change log) | {incremental.Seconds:F1} s | {incremental.Records / incremental.Seconds:N0} records/s, peak {incremental.PeakRssMegabytes:F0} MB | {incremental.Seconds / snapshot.Seconds:F2} of the full snapshot's time | |");
        Console.WriteLine($"| plain table inserts, {RestoreRun.RowsPerTransaction} rows per transaction, {RestoreRun.Parallelism} at a time, before and after the restore | {insertsBefore.TotalSeconds:F1} s, {insertsAfter.TotalSeconds:F1} s | {insertRate:N0} rows/s (mean) | 1.00 | |");
        Console.WriteLine($"| restore of the whole tenant to the full snapshot (removes the {AddedAfterSnapshot:N0} added records) | {restore.TotalSeconds:F1} s | {restoreRate:N0} records/s | {restoreRate / insertRate:F2} | ≥ {RestoreRatioTarget:F1}: {Verdict(checks[2].Met)} |");
        Console.WriteLine();
        var missed = checks.Where(check => !check.Met).Select(check => check.Name).ToList();
        Console.WriteLine(missed.Count == 0 ? "targets: all met" : $"targets NOT met: {string.Join("; ", missed)}");
        return 0;
    }

    private static List<TableEntity> Rows(string tenantId, int generation, List<StoredChunk> chunks) =>
        [.. chunks.SelectMany(chunk => chunk.Records).Select(record => RecordRows.ToEntity(tenantId, generation, record))];

    private sealed record StoredChunk(byte[] Compressed, long ContentBytes, IReadOnlyList<Record> Records);

    private static async Task<List<StoredChunk>> ReadChunksAsync(ChunkStore store, SnapshotManifest manifest, CancellationToken cancellationToken)
    {
        var chunks = new List<StoredChunk>();
        foreach (var (_, chunk) in manifest.AllChunks)
        {
            var compressed = (await store.GetChunkAsync(manifest.TenantId, chunk.Sha256, cancellationToken))!.ToArray();
            using var content = new MemoryStream();
            await using (var gzip = new GZipStream(new MemoryStream(compressed), CompressionMode.Decompress))
            {
                await gzip.CopyToAsync(content, cancellationToken);
            }
            var records = await ChunkCodec.DecodeAsync(new MemoryStream(compressed), chunk.Sha256, cancellationToken);
            chunks.Add(new StoredChunk(compressed, content.Length, records));
        }
        return chunks;
    }

    private static string Verdict(bool met) => met ? "met" : "NOT met";
}
