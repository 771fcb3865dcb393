using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>
/// Writes a snapshot of a tenant that is exactly the tenant at one change-log position, while writes continue:
/// it notes the position, streams every collection into content-addressed chunks, then takes the changes
/// committed meanwhile and puts back, in the chunks they touched, each record's state as of the position (the
/// "before" of its earliest later change). Collections are read side by side and chunks uploaded while the reading
/// goes on; memory stays bounded by the chunks in flight plus the changes made during the scan.
/// </summary>
public sealed class SnapshotWriter(RecordStore records, ChangeLogStore changeLog, BackupStorage backups, TimeProvider clock)
{
    /// <summary>How many collections are read at once.</summary>
    public const int ParallelScans = 4;

    /// <summary>How many chunks are encoded and uploaded at once, across all collections being read.</summary>
    public const int ParallelUploads = 4;

    public async Task<SnapshotManifest> WriteAsync(string tenantId, string restorePointId, CancellationToken cancellationToken)
    {
        var createdAt = clock.GetUtcNowForStorage();
        var head = await records.GetHeadAsync(tenantId, cancellationToken);
        var position = head.LastSequence;
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
        if (after.LastSequence > position)
        {
            collections = await RewindAsync(tenantId, collections, position, after.LastSequence, cancellationToken);
        }
        var positionTime = position == 0
            ? createdAt
            : (await changeLog.ReadRangeAsync(tenantId, position - 1, position, null, null, cancellationToken).FirstAsync(cancellationToken)).ChangedAt;
        var manifest = SnapshotManifest.Seal(restorePointId, tenantId, position, positionTime, createdAt, collections);
        await backups.Primary.PutManifestAsync(manifest, cancellationToken);
        return manifest;
    }

    /// <summary>Replaces, in the affected chunks, every record changed after <paramref name="position"/> by its state at it.</summary>
    private async Task<List<CollectionSnapshot>> RewindAsync(
        string tenantId, List<CollectionSnapshot> collections, long position, long upTo, CancellationToken cancellationToken)
    {
        var stateAtPosition = new Dictionary<(string Collection, string Id), Record?>();
        await foreach (var entry in changeLog.ReadRangeAsync(tenantId, position, upTo, null, null, cancellationToken))
        {
            stateAtPosition[(entry.Collection, entry.RecordId)] = entry.BeforeState();
        }
        var rewound = new List<CollectionSnapshot>(collections.Count);
        foreach (var collection in collections)
        {
            var changes = stateAtPosition.Where(pair => pair.Key.Collection == collection.Name).ToDictionary(pair => pair.Key.Id, pair => pair.Value, StringComparer.Ordinal);
            rewound.Add(changes.Count == 0 ? collection : await RewindCollectionAsync(tenantId, collection, changes, cancellationToken));
        }
        return rewound;
    }

    private async Task<CollectionSnapshot> RewindCollectionAsync(
        string tenantId, CollectionSnapshot collection, Dictionary<string, Record?> changes, CancellationToken cancellationToken)
    {
        var chunks = collection.Chunks.ToList();
        var byChunk = changes.GroupBy(change => ChunkIndexFor(chunks, change.Key));
        var replaced = new Dictionary<int, ChunkInfo?>();
        var created = new List<Record>();
        foreach (var group in byChunk)
        {
            if (group.Key < 0)
            {
                created.AddRange(group.Select(change => change.Value).OfType<Record>());
                continue;
            }
            var stored = await backups.Primary.GetChunkAsync(tenantId, chunks[group.Key].Sha256, cancellationToken)
                ?? throw new InvalidOperationException($"Chunk {chunks[group.Key].Sha256} vanished during the snapshot.");
            var content = (await ChunkCodec.DecodeAsync(stored.ToStream(), chunks[group.Key].Sha256, cancellationToken)).ToDictionary(record => record.Id, StringComparer.Ordinal);
            foreach (var (id, state) in group)
            {
                if (state is null)
                {
                    content.Remove(id);
                }
                else
                {
                    content[id] = state;
                }
            }
            replaced[group.Key] = content.Count == 0 ? null : await PutAsync(tenantId, [.. content.Values.OrderBy(record => record.Id, StringComparer.Ordinal)], cancellationToken);
        }
        var result = chunks.Select((chunk, index) => replaced.TryGetValue(index, out var rewritten) ? rewritten : chunk).OfType<ChunkInfo>().ToList();
        if (created.Count > 0)
        {
            result.Insert(0, await PutAsync(tenantId, [.. created.OrderBy(record => record.Id, StringComparer.Ordinal)], cancellationToken));
        }
        return new CollectionSnapshot(collection.Name, result.Sum(chunk => (long)chunk.Records), result);
    }

    /// <summary>The chunk whose id range should hold <paramref name="id"/>; -1 when the collection had no chunks.</summary>
    private static int ChunkIndexFor(List<ChunkInfo> chunks, string id)
    {
        if (chunks.Count == 0)
        {
            return -1;
        }
        var index = chunks.FindLastIndex(chunk => string.CompareOrdinal(chunk.FirstId, id) <= 0);
        return index < 0 ? 0 : index;
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
