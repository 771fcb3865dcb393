using DataGovernance.Records;

namespace DataGovernance.Classification;

/// <summary>A slice of a re-scan: the records of one collection from one id to another (both included).</summary>
public sealed record RescanChunk(string Collection, string FirstId, string LastId, int Records);

/// <summary>What re-scanning some records did.</summary>
public sealed record RescanCounts(int Scanned, int Classified, int Unchanged, int ResultsRemoved, int IndexRowsRemoved)
{
    public static RescanCounts None { get; } = new(0, 0, 0, 0, 0);

    public RescanCounts Plus(RescanCounts other) => new(Scanned + other.Scanned, Classified + other.Classified, Unchanged + other.Unchanged,
        ResultsRemoved + other.ResultsRemoved, IndexRowsRemoved + other.IndexRowsRemoved);
}

/// <summary>What a re-scan classifies under: the tenant's record generation and recognizers version.</summary>
public sealed record RescanBasis(int Generation, long RecognizersVersion);

/// <summary>
/// The steps of a full re-scan of a tenant: slicing its records into chunks, classifying a chunk, and removing results
/// and index rows of records that no longer exist. Each step may run again with the same effect.
/// </summary>
public sealed class ClassificationRescan(
    RecordStore records, DataClassificationStore store, SubjectIndexStore subjectIndex, DataClassificationService classifications, TenantRecognizerService recognizers)
{
    public const int DefaultChunkSize = 200;

    /// <summary>The basis records are classified under now: when it changes during a re-scan, chunks done before were classified under the old one.</summary>
    public async Task<RescanBasis> ReadBasisAsync(string tenantId, CancellationToken cancellationToken) =>
        new(await records.GetGenerationAsync(tenantId, cancellationToken), (await recognizers.GetAsync(tenantId, cancellationToken)).Version);

    /// <summary>Every collection's record ids, cut into chunks of at most <paramref name="chunkSize"/>.</summary>
    public async Task<IReadOnlyList<RescanChunk>> PlanAsync(string tenantId, int chunkSize, CancellationToken cancellationToken)
    {
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        var chunks = new List<RescanChunk>();
        foreach (var collection in Collections.Names)
        {
            var ids = new List<string>(chunkSize);
            await foreach (var id in records.ScanIdsAsync(tenantId, generation, collection, cancellationToken))
            {
                ids.Add(id);
                if (ids.Count == chunkSize)
                {
                    chunks.Add(new RescanChunk(collection, ids[0], ids[^1], ids.Count));
                    ids.Clear();
                }
            }
            if (ids.Count > 0)
            {
                chunks.Add(new RescanChunk(collection, ids[0], ids[^1], ids.Count));
            }
        }
        return chunks;
    }

    /// <summary>Classifies each record of the chunk as it is now (records already classified at their version are left alone).</summary>
    public async Task<RescanCounts> ClassifyChunkAsync(string tenantId, RescanChunk chunk, CancellationToken cancellationToken)
    {
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        var (scanned, classified) = (0, 0);
        await foreach (var record in records.ScanRangeAsync(tenantId, generation, chunk.Collection, chunk.FirstId, chunk.LastId, cancellationToken))
        {
            scanned++;
            if (await classifications.ClassifyAsync(tenantId, generation, record, cancellationToken, mapRecountedAfter: true) == ClassificationOutcome.Classified)
            {
                classified++;
            }
        }
        return new RescanCounts(scanned, classified, scanned - classified, 0, 0);
    }

    /// <summary>Removes the results of records that no longer exist, and index rows that no result owns.</summary>
    public async Task<RescanCounts> RemoveOrphansAsync(string tenantId, CancellationToken cancellationToken)
    {
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        var existing = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var collection in Collections.Names)
        {
            var ids = existing[collection] = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var id in records.ScanIdsAsync(tenantId, generation, collection, cancellationToken))
            {
                ids.Add(id);
            }
        }
        var owned = new HashSet<string>(StringComparer.Ordinal);
        var gone = new List<(string Collection, string RecordId)>();
        await foreach (var stored in store.ScanStoredAsync(tenantId, cancellationToken))
        {
            var (collection, recordId) = (stored.Classification.Collection, stored.Classification.RecordId);
            if (existing.TryGetValue(collection, out var ids) && ids.Contains(recordId))
            {
                owned.UnionWith(stored.Index.Select(SubjectIndexStore.RowKey));
            }
            else
            {
                gone.Add((collection, recordId));
            }
        }
        var removed = 0;
        foreach (var (collection, recordId) in gone)
        {
            // Read again: the record may have been created after its collection's ids were listed.
            if (await records.GetAsync(tenantId, generation, collection, recordId, cancellationToken) is null
                && await classifications.RemoveAsync(tenantId, collection, recordId, cancellationToken) == ClassificationOutcome.Removed)
            {
                removed++;
            }
        }
        var unowned = new List<(string RowKey, string Collection, string RecordId)>();
        await foreach (var row in subjectIndex.ScanAsync(tenantId, cancellationToken))
        {
            if (!owned.Contains(row.RowKey))
            {
                unowned.Add(row);
            }
        }
        var orphans = new List<string>();
        foreach (var record in unowned.GroupBy(row => (row.Collection, row.RecordId)))
        {
            // Read again: a classification that finished after the scan above owns rows the scan did not see.
            var current = await store.GetAsync(tenantId, record.Key.Collection, record.Key.RecordId, cancellationToken);
            var ownedNow = current?.Index.Select(SubjectIndexStore.RowKey).ToHashSet(StringComparer.Ordinal) ?? [];
            orphans.AddRange(record.Select(row => row.RowKey).Where(key => !ownedNow.Contains(key)));
        }
        await subjectIndex.DeleteAsync(tenantId, orphans, cancellationToken);
        return new RescanCounts(0, 0, 0, removed, orphans.Count);
    }
}
