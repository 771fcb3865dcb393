using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>
/// Writes a snapshot of a tenant that is exactly the tenant at one change-log position, while writes continue.
/// When a recent restore point exists and few changes followed it, the snapshot is that restore point with the
/// changes since applied to the chunks they touch (the change log holds every record's state after each change).
/// Otherwise it is a full one: it notes the position, streams every collection into content-addressed chunks, then
/// puts back, in the chunks touched by changes committed meanwhile, each record's state as of the position (the
/// "before" of its earliest later change). Collections are read side by side and chunks uploaded while the reading
/// goes on; memory stays bounded by the chunks in flight plus the changes applied.
/// </summary>
public sealed class SnapshotWriter(
    RecordStore records, ChangeLogStore changeLog, RestorePointStore restorePoints, BackupStorage backups, ChunkPatcher patcher, TimeProvider clock)
{
    /// <summary>How many collections are read at once.</summary>
    public const int ParallelScans = 4;

    /// <summary>How many chunks are encoded and uploaded at once, across all collections being read.</summary>
    public const int ParallelUploads = 4;

    /// <summary>An incremental snapshot applies at most this many changes (and at most a fifth of the records).</summary>
    public const int MaxIncrementalChanges = 50_000;

    public async Task<SnapshotManifest> WriteAsync(string tenantId, string restorePointId, CancellationToken cancellationToken)
    {
        var createdAt = clock.GetUtcNowForStorage();
        var head = await records.GetHeadAsync(tenantId, cancellationToken);
        var position = head.LastSequence;
        var positionTime = position == 0
            ? createdAt
            : (await changeLog.ReadRangeAsync(tenantId, position - 1, position, null, null, cancellationToken).FirstAsync(cancellationToken)).ChangedAt;
        var manifest = await IncrementalAsync(tenantId, position, cancellationToken) is { } incremental
            ? SnapshotManifest.Seal(restorePointId, tenantId, position, positionTime, createdAt, incremental.Collections, incremental.BasedOn)
            : null;
        // Chunks shared with the restore point may have been damaged since its last check: never build on them.
        if (manifest is null || (await SnapshotReader.CheckAsync(backups.Primary, manifest, cancellationToken)).Count > 0)
        {
            manifest = SnapshotManifest.Seal(restorePointId, tenantId, position, positionTime, createdAt, await FullAsync(tenantId, head, cancellationToken), null);
        }
        await backups.Primary.PutManifestAsync(manifest, cancellationToken);
        return manifest;
    }

    /// <summary>
    /// The newest intact restore point at or before <paramref name="position"/> plus the changes since, or null when
    /// there is none, too much changed, or its chunks cannot be read (a full snapshot is taken instead).
    /// </summary>
    private async Task<(List<CollectionSnapshot> Collections, string BasedOn)?> IncrementalAsync(string tenantId, long position, CancellationToken cancellationToken)
    {
        var basis = (await restorePoints.ListAsync(tenantId, cancellationToken))
            .Where(point => point.Position <= position && point.LastIntegrityCheck is not { Intact: false })
            .MaxBy(point => point.Position);
        if (basis is null || position - basis.Position > Math.Min(MaxIncrementalChanges, Math.Max(1_000, basis.RecordCount / 5))
            || await backups.Primary.GetManifestAsync(tenantId, basis.Id, cancellationToken) is not { HasValidRootHash: true } manifest)
        {
            return null;
        }
        var latest = new Dictionary<(string Collection, string Id), Record?>();
        await foreach (var entry in changeLog.ReadRangeAsync(tenantId, basis.Position, position, null, null, cancellationToken))
        {
            latest.TryAdd((entry.Collection, entry.RecordId), entry.AfterState());
        }
        try
        {
            var bases = Collections.Names.Select(name => manifest.Collections.FirstOrDefault(c => c.Name == name) ?? new CollectionSnapshot(name, 0, [])).ToList();
            return (await PatchAsync(tenantId, bases, latest, cancellationToken), basis.Id);
        }
        catch (ChunkCorruptException)
        {
            return null;
        }
    }

    private async Task<List<CollectionSnapshot>> FullAsync(string tenantId, RecordHead head, CancellationToken cancellationToken)
    {
        var names = Collections.Names.ToList();
        var snapshots = new CollectionSnapshot[names.Count];
        using var uploads = new SemaphoreSlim(ParallelUploads);
        await Parallel.ForEachAsync(Enumerable.Range(0, names.Count), new ParallelOptions { MaxDegreeOfParallelism = ParallelScans, CancellationToken = cancellationToken },
            async (index, token) => snapshots[index] = await WriteCollectionAsync(tenantId, head.Generation, names[index], uploads, token));
        var collections = snapshots.ToList();

        var after = await records.GetHeadAsync(tenantId, cancellationToken);
        if (after.Generation != head.Generation)
        {
            throw new ConcurrencyConflictException($"A restore replaced tenant {tenantId}'s records during the snapshot; take it again.");
        }
        if (after.LastSequence == head.LastSequence)
        {
            return collections;
        }
        var stateAtPosition = new Dictionary<(string Collection, string Id), Record?>();
        await foreach (var entry in changeLog.ReadRangeAsync(tenantId, head.LastSequence, after.LastSequence, null, null, cancellationToken))
        {
            stateAtPosition[(entry.Collection, entry.RecordId)] = entry.BeforeState();
        }
        return await PatchAsync(tenantId, collections, stateAtPosition, cancellationToken);
    }

    private async Task<List<CollectionSnapshot>> PatchAsync(
        string tenantId, List<CollectionSnapshot> collections, Dictionary<(string Collection, string Id), Record?> states, CancellationToken cancellationToken)
    {
        var patched = new List<CollectionSnapshot>(collections.Count);
        foreach (var collection in collections)
        {
            var changes = states.Where(pair => pair.Key.Collection == collection.Name).ToDictionary(pair => pair.Key.Id, pair => pair.Value, StringComparer.Ordinal);
            patched.Add(await patcher.PatchAsync(tenantId, collection, changes, cancellationToken));
        }
        return patched;
    }

    /// <summary>
    /// Streams one collection into chunks; while the scan goes on, each chunk is encoded and uploaded in the
    /// background, holding one of the <paramref name="uploads"/> slots, so memory stays bounded by the slots.
    /// </summary>
    private async Task<CollectionSnapshot> WriteCollectionAsync(string tenantId, int generation, string collection, SemaphoreSlim uploads, CancellationToken cancellationToken)
    {
        var chunks = new List<Task<ChunkInfo>>();
        try
        {
            await foreach (var batch in ContentDefinedChunks.SplitAsync(records.ScanAsync(tenantId, generation, collection, cancellationToken), cancellationToken))
            {
                if (chunks.Find(chunk => chunk.IsFaulted) is { } failed)
                {
                    await failed;
                }
                await uploads.WaitAsync(cancellationToken);
                chunks.Add(Task.Run(async () =>
                {
                    try
                    {
                        return await PutAsync(tenantId, batch, cancellationToken);
                    }
                    finally
                    {
                        uploads.Release();
                    }
                }, CancellationToken.None));
            }
        }
        catch
        {
            await ((Task)Task.WhenAll(chunks)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            throw;
        }
        var written = await Task.WhenAll(chunks);
        return new CollectionSnapshot(collection, written.Sum(chunk => (long)chunk.Records), written);
    }

    private async Task<ChunkInfo> PutAsync(string tenantId, IReadOnlyList<Record> batch, CancellationToken cancellationToken)
    {
        var encoded = ChunkCodec.Encode(batch);
        await backups.Primary.PutChunkAsync(tenantId, encoded.Sha256, new BinaryData(encoded.Compressed), cancellationToken);
        return encoded.Info;
    }
}
