using System.Runtime.CompilerServices;
using DataGovernance.Privacy;
using DataGovernance.Records;

namespace DataGovernance.Backup;

public enum RecordChangeKind
{
    Created,
    Updated,
    Deleted,
}

/// <summary>How one record differs between two positions: its state at the earlier one and at the later one.</summary>
public sealed record RecordChange(string Collection, string RecordId, RecordChangeKind Kind, Record? Then, Record? Now);

/// <summary>Where a past state is rebuilt from: the snapshot of a restore point (or nothing) plus the change log after it.</summary>
public sealed record HistoryBase(RestorePoint? RestorePoint, long Position);

/// <summary>
/// The tenant as it was at any change-log position: the nearest restore point at or before it, plus the change
/// log replayed from the restore point's position. Collections stream in id order; memory holds one chunk and
/// the records changed between the restore point and the position. Every past state passes through the erasure
/// ledger, as a restore does: erased fields show as the erasure left them and an erased record not at all, whatever
/// a snapshot or a change-log entry still holds.
/// </summary>
public sealed class TenantHistory(
    RecordStore records, ChangeLogStore changeLog, RestorePointStore restorePoints, BackupStorage backups, ErasureLedgerStore erasures)
{
    /// <summary>The position of the tenant at <paramref name="at"/>: the last change committed at or before it.</summary>
    public Task<long> PositionAtAsync(string tenantId, DateTimeOffset at, CancellationToken cancellationToken) =>
        changeLog.SequenceAtAsync(tenantId, at, cancellationToken);

    /// <summary>The restore point with the highest position not after <paramref name="position"/>, if any.</summary>
    public async Task<HistoryBase> BaseForAsync(string tenantId, long position, CancellationToken cancellationToken)
    {
        var point = (await restorePoints.ListAsync(tenantId, cancellationToken))
            .Where(candidate => candidate.Position <= position)
            .OrderByDescending(candidate => candidate.Position)
            .FirstOrDefault();
        return new HistoryBase(point, point?.Position ?? 0);
    }

    public async Task<Record?> RecordAtAsync(string tenantId, string collection, string id, long position, CancellationToken cancellationToken)
    {
        var found = await UnerasedRecordAtAsync(tenantId, collection, id, position, cancellationToken);
        return found is null ? null : (await erasures.ForCollectionAsync(tenantId, collection, cancellationToken)).Apply(found);
    }

    private async Task<Record?> UnerasedRecordAtAsync(string tenantId, string collection, string id, long position, CancellationToken cancellationToken)
    {
        var start = await BaseForAsync(tenantId, position, cancellationToken);
        if (await changeLog.ReadRangeAsync(tenantId, start.Position, position, collection, id, cancellationToken).FirstOrDefaultAsync(cancellationToken) is { } latest)
        {
            return latest.AfterState();
        }
        if (start.RestorePoint is not { } point)
        {
            return null;
        }
        var manifest = await ManifestAsync(point, cancellationToken);
        var chunks = manifest.Collections.Where(c => c.Name == collection).SelectMany(c => c.Chunks).ToList();
        var chunk = chunks.LastOrDefault(candidate => string.CompareOrdinal(candidate.FirstId, id) <= 0);
        if (chunk is null || string.CompareOrdinal(chunk.LastId, id) < 0)
        {
            return null;
        }
        var stored = await backups.Primary.GetChunkAsync(tenantId, chunk.Sha256, cancellationToken)
            ?? throw new ChunkCorruptException($"Chunk {chunk.Sha256} of {collection} is missing in the {backups.Primary.Region} region.");
        return (await ChunkCodec.DecodeAsync(stored.ToStream(), chunk.Sha256, cancellationToken)).FirstOrDefault(record => record.Id == id);
    }

    /// <summary>Every record of <paramref name="collection"/> as of <paramref name="position"/>, in id order.</summary>
    public async IAsyncEnumerable<Record> CollectionAtAsync(
        string tenantId, string collection, long position, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var start = await BaseForAsync(tenantId, position, cancellationToken);
        IAsyncEnumerable<Record> snapshot = AsyncEnumerable.Empty<Record>();
        if (start.RestorePoint is { } point)
        {
            snapshot = SnapshotReader.ReadAsync(backups.Primary, await ManifestAsync(point, cancellationToken), collection, cancellationToken);
        }
        var replay = await LatestStatesAsync(tenantId, collection, start.Position, position, cancellationToken);
        var erased = await erasures.ForCollectionAsync(tenantId, collection, cancellationToken);
        await foreach (var record in Apply(snapshot, replay, cancellationToken))
        {
            if (erased.Apply(record) is { } shown)
            {
                yield return shown;
            }
        }
    }

    /// <summary>Every record of <paramref name="collection"/> in the live generation, in id order.</summary>
    public async IAsyncEnumerable<Record> CollectionNowAsync(string tenantId, string collection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        await foreach (var record in records.ScanAsync(tenantId, generation, collection, cancellationToken))
        {
            yield return record;
        }
    }

    /// <summary>
    /// The records of <paramref name="collection"/> (or every collection) that differ between <paramref name="from"/>
    /// and <paramref name="to"/>, per collection in id order. A record created and deleted in between is no change.
    /// </summary>
    public async IAsyncEnumerable<RecordChange> DiffAsync(
        string tenantId, long from, long to, string? collection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var name in collection is null ? Collections.Names : [collection])
        {
            var then = new Dictionary<string, Record?>(StringComparer.Ordinal);
            var now = new Dictionary<string, Record?>(StringComparer.Ordinal);
            await foreach (var entry in changeLog.ReadRangeAsync(tenantId, from, to, name, null, cancellationToken))
            {
                now.TryAdd(entry.RecordId, entry.AfterState());
                then[entry.RecordId] = entry.BeforeState();
            }
            var erased = await erasures.ForCollectionAsync(tenantId, name, cancellationToken);
            foreach (var id in then.Keys.Order(StringComparer.Ordinal))
            {
                var (before, after) = (Erase(erased, then[id]), Erase(erased, now[id]));
                var kind = (before, after) switch
                {
                    (null, null) => (RecordChangeKind?)null,
                    (null, _) => RecordChangeKind.Created,
                    (_, null) => RecordChangeKind.Deleted,
                    _ => RecordChangeKind.Updated,
                };
                if (kind is { } changed)
                {
                    yield return new RecordChange(name, id, changed, before, after);
                }
            }
        }
    }

    private static Record? Erase(ErasureSet erased, Record? record) => record is null ? null : erased.Apply(record);

    private async Task<SnapshotManifest> ManifestAsync(RestorePoint point, CancellationToken cancellationToken) =>
        await backups.Primary.GetManifestAsync(point.TenantId, point.Id, cancellationToken)
            ?? throw new ChunkCorruptException($"Restore point {point.Id} has no manifest in the {backups.Primary.Region} region.");

    /// <summary>The state each record changed in (<paramref name="after"/>, <paramref name="upTo"/>] was left in (null: deleted), by id.</summary>
    public async Task<SortedDictionary<string, Record?>> LatestStatesAsync(
        string tenantId, string collection, long after, long upTo, CancellationToken cancellationToken)
    {
        var latest = new SortedDictionary<string, Record?>(StringComparer.Ordinal);
        await foreach (var entry in changeLog.ReadRangeAsync(tenantId, after, upTo, collection, null, cancellationToken))
        {
            latest.TryAdd(entry.RecordId, entry.AfterState());
        }
        return latest;
    }

    /// <summary>Merges an id-ordered stream with id-ordered replacements (null removes the record).</summary>
    private static async IAsyncEnumerable<Record> Apply(
        IAsyncEnumerable<Record> records, SortedDictionary<string, Record?> replacements, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var pending = replacements.GetEnumerator();
        var hasPending = pending.MoveNext();
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            while (hasPending && string.CompareOrdinal(pending.Current.Key, record.Id) < 0)
            {
                if (pending.Current.Value is { } created)
                {
                    yield return created;
                }
                hasPending = pending.MoveNext();
            }
            if (hasPending && pending.Current.Key == record.Id)
            {
                if (pending.Current.Value is { } replaced)
                {
                    yield return replaced;
                }
                hasPending = pending.MoveNext();
                continue;
            }
            yield return record;
        }
        while (hasPending)
        {
            if (pending.Current.Value is { } created)
            {
                yield return created;
            }
            hasPending = pending.MoveNext();
        }
    }
}
