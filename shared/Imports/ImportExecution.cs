using DataGovernance.Records;

namespace DataGovernance.Imports;

/// <summary>The head an import or rollback froze: the generation it replaces and the last change before it.</summary>
public sealed record FrozenHead(int Generation, long LastSequence);

/// <summary>What a built generation holds: its last change-log sequence, the records added or removed, and rows skipped as duplicates.</summary>
public sealed record BuiltImport(int Generation, long LastSequence, int Changed, int SkippedDuplicates);

/// <summary>
/// Commits and rolls back import batches with the restore's mechanism (<see cref="GenerationStore"/>): freeze the
/// tenant's records, write the whole next generation — every current record plus the batch's rows (or minus them for a
/// rollback) — with one change-log entry per imported or removed record past the frozen head, then move the head in one
/// conditional write. Until that write nothing of the batch is visible; if anything fails first, the built rows are
/// deleted and the records are exactly as they were. The price: a commit copies the tenant's current records, and record
/// writes wait (409) while it runs.
/// </summary>
public sealed class ImportExecution(GenerationStore generations, RecordStore records, ImportValidation validation, ImportRollbackHolds heldRecords)
{
    /// <summary>Batches of rows written concurrently while a generation is built.</summary>
    public const int ConcurrentBatches = 8;

    public static string FreezeId(string batchId, ImportRunKind kind) => $"import:{batchId}:{kind.ToString().ToLowerInvariant()}";

    public async Task<FrozenHead> FreezeAsync(string tenantId, string batchId, ImportRunKind kind, CancellationToken cancellationToken)
    {
        var head = await generations.FreezeAsync(tenantId, FreezeId(batchId, kind), cancellationToken);
        return new FrozenHead(head.Generation, head.LastSequence);
    }

    /// <summary>Writes the next generation for <paramref name="batch"/>; rows an interrupted earlier attempt left are removed first.</summary>
    public async Task<BuiltImport> BuildAsync(
        string tenantId, ImportBatch batch, ImportRunKind kind, FrozenHead frozen, DateTimeOffset appliedAt, CancellationToken cancellationToken)
    {
        await DiscardAsync(tenantId, frozen, cancellationToken);
        if (kind == ImportRunKind.Rollback)
        {
            await heldRecords.EnsureNoneHeldAsync(tenantId, batch, cancellationToken);
        }
        var writer = new GenerationWriter(generations, tenantId, frozen.Generation + 1, cancellationToken);
        var sequence = frozen.LastSequence;
        var changed = 0;
        var keyField = kind == ImportRunKind.Commit ? batch.Settings?.KeyField : null;
        var existingKeys = new HashSet<string>(StringComparer.Ordinal);
        var batchPrefix = ImportBatch.RecordId(batch.Id, 0)[..(batch.Id.Length + 1)];
        var correlationId = $"import:{batch.Id}";

        foreach (var collection in Collections.Names)
        {
            await foreach (var record in records.ScanAsync(tenantId, frozen.Generation, collection, cancellationToken))
            {
                if (kind == ImportRunKind.Rollback && collection == batch.Collection && record.Id.StartsWith(batchPrefix, StringComparison.Ordinal))
                {
                    if (record.Version != 1)
                    {
                        throw new ImportRecordsChangedException($"Record {record.Id} was changed after the import (version {record.Version}); the rollback removes nothing.");
                    }
                    changed++;
                    await writer.AddChangeAsync(new ChangeLogEntry(++sequence, appliedAt, collection, record.Id, ChangeOperation.Delete, 2, record.Data, null,
                        batch.RequestedBy, correlationId, record.CreatedAt, record.CreatedBy, record.UpdatedAt, record.UpdatedBy));
                    continue;
                }
                if (keyField is not null && collection == batch.Collection && ImportValidation.KeyOf(record.Data, keyField) is { } key)
                {
                    existingKeys.Add(key);
                }
                await writer.AddRecordAsync(record);
            }
        }

        var skipped = 0;
        if (kind == ImportRunKind.Commit)
        {
            var schema = Collections.Find(batch.Collection)!;
            await foreach (var row in validation.ReadValidRowsAsync(tenantId, batch.Id, cancellationToken))
            {
                if (RecordValidator.Validate(schema, row.Data) is { Any: true } errors)
                {
                    throw new InvalidOperationException($"Row {row.Row} no longer passes the schema check ({string.Join(", ", errors.ToDictionary().Keys)}); nothing was imported.");
                }
                if (keyField is not null && ImportValidation.KeyOf(row.Data, keyField) is { } key && !existingKeys.Add(key))
                {
                    skipped++;
                    continue;
                }
                var record = new Record(ImportBatch.RecordId(batch.Id, row.Row), batch.Collection, 1, row.Data, appliedAt, batch.RequestedBy, appliedAt, batch.RequestedBy);
                changed++;
                await writer.AddRecordAsync(record);
                await writer.AddChangeAsync(new ChangeLogEntry(++sequence, appliedAt, record.Collection, record.Id, ChangeOperation.Create, 1, null, row.Data,
                    batch.RequestedBy, correlationId, appliedAt, batch.RequestedBy, null, null));
            }
        }
        await writer.FlushAsync();
        return new BuiltImport(frozen.Generation + 1, sequence, changed, skipped);
    }

    public Task<bool> SwitchAsync(string tenantId, string batchId, ImportRunKind kind, FrozenHead frozen, long lastSequence, CancellationToken cancellationToken) =>
        generations.SwitchAsync(tenantId, FreezeId(batchId, kind), frozen.Generation, lastSequence, cancellationToken);

    /// <summary>
    /// Removes whatever an unfinished run wrote and lifts its freeze. True when the switch had already happened (its answer
    /// was lost): then the run succeeded, and nothing is removed.
    /// </summary>
    public async Task<bool> AbandonAsync(string tenantId, string batchId, ImportRunKind kind, FrozenHead? frozen, CancellationToken cancellationToken)
    {
        var head = await records.GetHeadAsync(tenantId, cancellationToken);
        if (frozen is not null && head.Generation == frozen.Generation + 1 && head.FrozenBy is null)
        {
            return true;
        }
        if (head.FrozenBy == FreezeId(batchId, kind))
        {
            await DiscardAsync(tenantId, new FrozenHead(head.Generation, head.LastSequence), cancellationToken);
            await generations.ThawAsync(tenantId, FreezeId(batchId, kind), cancellationToken);
        }
        return false;
    }

    /// <summary>Deletes a generation a switch replaced, once readers paging through it have had time to finish.</summary>
    public Task<long> DeleteReplacedAsync(string tenantId, int generation, CancellationToken cancellationToken) =>
        generations.DeleteGenerationAsync(tenantId, generation, cancellationToken);

    private async Task DiscardAsync(string tenantId, FrozenHead frozen, CancellationToken cancellationToken)
    {
        await generations.DeletePendingChangesAsync(tenantId, frozen.LastSequence, cancellationToken);
        await generations.DeleteGenerationAsync(tenantId, frozen.Generation + 1, cancellationToken);
    }

    /// <summary>Writes record rows and change rows in full transactions, several at a time.</summary>
    private sealed class GenerationWriter(GenerationStore generations, string tenantId, int generation, CancellationToken cancellationToken)
    {
        private readonly List<Record> _rows = new(GenerationStore.MaxRowsPerBatch);
        private readonly List<ChangeLogEntry> _changes = new(GenerationStore.MaxRowsPerBatch);
        private readonly List<Task> _writes = [];

        public async Task AddRecordAsync(Record record)
        {
            _rows.Add(record);
            if (_rows.Count == GenerationStore.MaxRowsPerBatch)
            {
                await StartAsync(generations.PutRecordsAsync(tenantId, generation, [.. _rows], cancellationToken));
                _rows.Clear();
            }
        }

        public async Task AddChangeAsync(ChangeLogEntry change)
        {
            _changes.Add(change);
            if (_changes.Count == GenerationStore.MaxRowsPerBatch)
            {
                await StartAsync(generations.PutPendingChangesAsync(tenantId, [.. _changes], cancellationToken));
                _changes.Clear();
            }
        }

        public async Task FlushAsync()
        {
            if (_rows.Count > 0)
            {
                _writes.Add(generations.PutRecordsAsync(tenantId, generation, [.. _rows], cancellationToken));
            }
            if (_changes.Count > 0)
            {
                _writes.Add(generations.PutPendingChangesAsync(tenantId, [.. _changes], cancellationToken));
            }
            await Task.WhenAll(_writes);
            _writes.Clear();
        }

        private async Task StartAsync(Task write)
        {
            _writes.Add(write);
            while (_writes.Count >= ConcurrentBatches)
            {
                var done = await Task.WhenAny(_writes);
                _writes.Remove(done);
                await done;
            }
        }
    }
}

/// <summary>A rollback met a record of its batch that someone changed after the import.</summary>
public sealed class ImportRecordsChangedException(string message) : Exception(message);
