using System.Runtime.CompilerServices;
using DataGovernance.Records;

namespace DataGovernance.Backup;

/// <summary>A problem found in a stored snapshot: which restore point, chunk and collection, and what is wrong.</summary>
public sealed record IntegrityProblem(string RestorePointId, string Region, string? Chunk, string? Collection, string Problem);

/// <summary>Reads snapshots back, chunk by chunk, checking every chunk against its address.</summary>
public static class SnapshotReader
{
    /// <summary>The records of one collection of the snapshot, in id order; throws <see cref="ChunkCorruptException"/> on damage.</summary>
    public static async IAsyncEnumerable<Record> ReadAsync(
        ChunkStore store, SnapshotManifest manifest, string collection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var chunk in manifest.Collections.Where(c => c.Name == collection).SelectMany(c => c.Chunks))
        {
            var stored = await store.GetChunkAsync(manifest.TenantId, chunk.Sha256, cancellationToken)
                ?? throw new ChunkCorruptException($"Chunk {chunk.Sha256} of {collection} is missing in the {store.Region} region.");
            foreach (var record in await ChunkCodec.DecodeAsync(stored.ToStream(), chunk.Sha256, cancellationToken))
            {
                yield return record;
            }
        }
    }

    /// <summary>Checks the manifest's root hash and every chunk (present, readable, matching its address and count).</summary>
    public static async Task<IReadOnlyList<IntegrityProblem>> CheckAsync(ChunkStore store, SnapshotManifest manifest, CancellationToken cancellationToken)
    {
        var problems = new List<IntegrityProblem>();
        if (!manifest.HasValidRootHash)
        {
            problems.Add(new IntegrityProblem(manifest.RestorePointId, store.Region, null, null, "manifest-altered"));
        }
        foreach (var (collection, chunk) in manifest.AllChunks)
        {
            var stored = await store.GetChunkAsync(manifest.TenantId, chunk.Sha256, cancellationToken);
            if (stored is null)
            {
                problems.Add(new IntegrityProblem(manifest.RestorePointId, store.Region, chunk.Sha256, collection, "chunk-missing"));
                continue;
            }
            try
            {
                var records = await ChunkCodec.DecodeAsync(stored.ToStream(), chunk.Sha256, cancellationToken);
                if (records.Count != chunk.Records)
                {
                    problems.Add(new IntegrityProblem(manifest.RestorePointId, store.Region, chunk.Sha256, collection, "chunk-count-mismatch"));
                }
            }
            catch (ChunkCorruptException)
            {
                problems.Add(new IntegrityProblem(manifest.RestorePointId, store.Region, chunk.Sha256, collection, "chunk-altered"));
            }
        }
        return problems;
    }
}
