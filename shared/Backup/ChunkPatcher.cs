using DataGovernance.Records;

namespace DataGovernance.Backup;

/// <summary>
/// Writes a collection's snapshot as an earlier one with some records replaced, added or removed: only the chunks
/// whose id range holds a changed record are read, changed and cut again; every other chunk is shared.
/// </summary>
public sealed class ChunkPatcher(BackupStorage backups)
{
    /// <param name="states">Per record id, the state to put in (null removes the record).</param>
    public async Task<CollectionSnapshot> PatchAsync(
        string tenantId, CollectionSnapshot collection, IReadOnlyDictionary<string, Record?> states, CancellationToken cancellationToken)
    {
        if (states.Count == 0)
        {
            return collection;
        }
        var chunks = collection.Chunks.ToList();
        var result = new List<ChunkInfo>();
        var byChunk = states.GroupBy(state => ChunkIndexFor(chunks, state.Key)).ToDictionary(group => group.Key);
        if (byChunk.TryGetValue(-1, out var intoEmpty))
        {
            result.AddRange(await PutAsync(tenantId, [.. intoEmpty.Select(state => state.Value).OfType<Record>()], cancellationToken));
        }
        for (var index = 0; index < chunks.Count; index++)
        {
            if (!byChunk.TryGetValue(index, out var group))
            {
                result.Add(chunks[index]);
                continue;
            }
            var stored = await backups.Primary.GetChunkAsync(tenantId, chunks[index].Sha256, cancellationToken)
                ?? throw new ChunkCorruptException($"Chunk {chunks[index].Sha256} of {collection.Name} is missing in the {backups.Primary.Region} region.");
            var content = (await ChunkCodec.DecodeAsync(stored.ToStream(), chunks[index].Sha256, cancellationToken)).ToDictionary(record => record.Id, StringComparer.Ordinal);
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
            result.AddRange(await PutAsync(tenantId, [.. content.Values], cancellationToken));
        }
        return new CollectionSnapshot(collection.Name, result.Sum(chunk => (long)chunk.Records), result);
    }

    /// <summary>Encodes and stores records (in any order) as content-defined chunks, in id order.</summary>
    public async Task<List<ChunkInfo>> PutAsync(string tenantId, List<Record> records, CancellationToken cancellationToken)
    {
        var written = new List<ChunkInfo>();
        foreach (var batch in ContentDefinedChunks.Split(records.OrderBy(record => record.Id, StringComparer.Ordinal)))
        {
            var encoded = ChunkCodec.Encode(batch);
            await backups.Primary.PutChunkAsync(tenantId, encoded.Sha256, new BinaryData(encoded.Compressed), cancellationToken);
            written.Add(encoded.Info);
        }
        return written;
    }

    /// <summary>The chunk whose id range should hold <paramref name="id"/>; -1 when the collection has no chunks.</summary>
    private static int ChunkIndexFor(List<ChunkInfo> chunks, string id)
    {
        if (chunks.Count == 0)
        {
            return -1;
        }
        var index = chunks.FindLastIndex(chunk => string.CompareOrdinal(chunk.FirstId, id) <= 0);
        return index < 0 ? 0 : index;
    }
}
