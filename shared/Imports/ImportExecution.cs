using DataGovernance.Records;

namespace DataGovernance.Imports;

/// <summary>What a built generation holds: its last change-log sequence, the records added or removed, and rows skipped as duplicates.</summary>
public sealed record BuiltImport(int Generation, long LastSequence, int Changed, int SkippedDuplicates);

/// <summary>
/// Commits and rolls back import batches with the restore's mechanism (<see cref="GenerationStore"/>): freeze the
/// tenant's records, write the whole next generation — every current record plus the batch's rows (or minus them for a
/// rollback) — with one change-log entry per imported or removed record past the frozen head, then move the head in one
/// conditional write. Until that write nothing of the batch is visible; if anything fails first, the built rows are
/// deleted and the records are exactly as they were. The price: a commit copies the tenant's current records, and record
/// writes wait (409) while it runs. Every step names its run (<see cref="ImportRun"/>), so a step delivered again after its
/// run moved on finds the freeze gone or the generation replaced and changes nothing.
/// </summary>
public sealed class ImportExecution(
    GenerationStore generations, RecordStore records, ChangeLogStore changes, ImportValidation validation, ImportRollbackHolds heldRecords,
    IEnumerable<IRecordWriteObserver> writeObservers)
{
    public async Task<FrozenHead> FreezeAsync(string tenantId, ImportBatch batch, ImportRun run, CancellationToken cancellationToken)
    {
        if (!batch.IsInRun(run.Id))
        {
            throw new ImportRunException($"Import {batch.Id} is no longer in this run ({batch.Status}); nothing was frozen.");
        }
        var head = await generations.FreezeAsync(tenantId, run.FreezeId(batch.Id), cancellationToken, run.FromGeneration);
        return new FrozenHead(head.Generation, head.LastSequence);
    }

    /// <summary>Writes the next generation for <paramref name="batch"/>; rows an interrupted earlier attempt left are removed first.</summary>
    public async Task<BuiltImport> BuildAsync(
        string tenantId, ImportBatch batch, ImportRun run, FrozenHead frozen, DateTimeOffset appliedAt, CancellationToken cancellationToken)
    {
        await generations.ClearBuildAsync(tenantId, run.FreezeId(batch.Id), frozen.Generation, frozen.LastSequence, cancellationToken);
        if (run.Kind == ImportRunKind.Rollback)
        {
            await heldRecords.EnsureNoneHeldAsync(tenantId, batch, cancellationToken);
        }
        var writer = new GenerationWriter(generations, tenantId, frozen.Generation + 1, cancellationToken);
        var sequence = frozen.LastSequence;
        var changed = 0;
        var keyField = run.Kind == ImportRunKind.Commit ? batch.Settings?.KeyField : null;
        var existingKeys = new HashSet<string>(StringComparer.Ordinal);
        var batchPrefix = ImportBatch.RecordIdPrefix(batch.Id);
        var correlationId = $"import:{batch.Id}";

        foreach (var collection in Collections.Names)
        {
            await foreach (var record in records.ScanAsync(tenantId, frozen.Generation, collection, cancellationToken))
            {
                if (run.Kind == ImportRunKind.Rollback && collection == batch.Collection && record.Id.StartsWith(batchPrefix, StringComparison.Ordinal))
                {
                    if (record.Version != 1)
                    {
                        throw new ImportRunException($"Record {record.Id} was changed after the import (version {record.Version}); the rollback removes nothing.");
                    }
                    changed++;
                    await writer.AddChangeAsync(new ChangeLogEntry(++sequence, appliedAt, collection, record.Id, ChangeOperation.Delete, 2, record.Data, null,
                        run.RequestedBy, correlationId, record.CreatedAt, record.CreatedBy, record.UpdatedAt, record.UpdatedBy));
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
        if (run.Kind == ImportRunKind.Commit)
        {
            var schema = Collections.Find(batch.Collection)!;
            await foreach (var row in validation.ReadValidRowsAsync(tenantId, batch.Id, batch.Validation!, cancellationToken))
            {
                if (RecordValidator.Validate(schema, row.Data) is { Any: true } errors)
                {
                    throw new ImportRunException($"Row {row.Row} no longer passes the schema check ({string.Join(", ", errors.ToDictionary().Keys)}); nothing was imported.");
                }
                if (await validation.RefusalAsync(tenantId, batch, row.Row, row.Data, appliedAt, run.RequestedBy, cancellationToken) is { } refused)
                {
                    throw new ImportRunException($"Row {row.Row} is refused now ({refused.Code}: {refused.Message}); nothing was imported.");
                }
                if (keyField is not null && ImportValidation.KeyOf(row.Data, keyField) is { } key && !existingKeys.Add(key))
                {
                    skipped++;
                    continue;
                }
                var record = new Record(ImportBatch.RecordId(batch.Id, row.Row), batch.Collection, 1, row.Data, appliedAt, run.RequestedBy, appliedAt, run.RequestedBy);
                changed++;
                await writer.AddRecordAsync(record);
                await writer.AddChangeAsync(new ChangeLogEntry(++sequence, appliedAt, record.Collection, record.Id, ChangeOperation.Create, 1, null, row.Data,
                    run.RequestedBy, correlationId, appliedAt, run.RequestedBy, null, null));
            }
        }
        await writer.FlushAsync();
        return new BuiltImport(writer.Generation, sequence, changed, skipped);
    }

    public Task<bool> SwitchAsync(string tenantId, string batchId, ImportRun run, FrozenHead frozen, long lastSequence, CancellationToken cancellationToken) =>
        generations.SwitchAsync(tenantId, run.FreezeId(batchId), frozen.Generation, lastSequence, cancellationToken);

    /// <summary>
    /// Tells the other features' write observers (vendor transfer checks, say) what a switched run changed, in pages of
    /// its change-log entries, as the record service would have after each write. Observers that a bulk change reaches
    /// another way (classification: the run's re-scan) are left out.
    /// </summary>
    public async Task<long> NotifyObserversAsync(string tenantId, string collection, long firstSequence, long lastSequence, CancellationToken cancellationToken)
    {
        var observers = writeObservers.Where(observer => observer.FollowsBulkChangesOf(collection)).ToList();
        if (observers.Count == 0)
        {
            return 0;
        }
        long told = 0;
        var page = new List<ChangeLogEntry>(GenerationStore.MaxRowsPerBatch);
        async Task TellAsync()
        {
            foreach (var observer in observers)
            {
                await observer.CommittedAsync(tenantId, page, cancellationToken);
            }
            told += page.Count;
            page.Clear();
        }
        await foreach (var change in changes.ReadRangeAsync(tenantId, firstSequence - 1, lastSequence, collection, null, cancellationToken))
        {
            page.Add(change);
            if (page.Count == GenerationStore.MaxRowsPerBatch)
            {
                await TellAsync();
            }
        }
        if (page.Count > 0)
        {
            await TellAsync();
        }
        return told;
    }

    /// <summary>
    /// Ends a run that will not finish: removes whatever it wrote and lifts its freeze. True when its switch had happened
    /// after all (the answer was lost, or the run was stopped after it): then the run succeeded and nothing is removed.
    /// A head still frozen by the run proves the switch did not happen; otherwise the batch's records tell.
    /// </summary>
    public async Task<bool> AbandonAsync(string tenantId, ImportBatch batch, ImportRun run, CancellationToken cancellationToken)
    {
        var freezeId = run.FreezeId(batch.Id);
        var head = await records.GetHeadAsync(tenantId, cancellationToken);
        if (head.FrozenBy == freezeId)
        {
            await generations.ClearBuildAsync(tenantId, freezeId, head.Generation, head.LastSequence, cancellationToken);
            await generations.ThawAsync(tenantId, freezeId, cancellationToken);
            return false;
        }
        if (head.Generation == run.FromGeneration)
        {
            return false;
        }
        var present = await HasRecordsAsync(tenantId, head.Generation, batch, cancellationToken);
        return run.Kind == ImportRunKind.Commit ? present : !present;
    }

    /// <summary>Deletes a generation a switch replaced, once readers paging through it have had time to finish.</summary>
    public Task<long> DeleteReplacedAsync(string tenantId, int generation, CancellationToken cancellationToken) =>
        generations.DeleteGenerationAsync(tenantId, generation, cancellationToken);

    private async Task<bool> HasRecordsAsync(string tenantId, int generation, ImportBatch batch, CancellationToken cancellationToken)
    {
        var (first, last) = ImportBatch.RecordIdRange(batch.Id);
        await foreach (var _ in records.ScanRangeAsync(tenantId, generation, batch.Collection, first, last, cancellationToken))
        {
            return true;
        }
        return false;
    }
}

/// <summary>A run met something that makes it import (or remove) nothing; its message is for the people who asked for it.</summary>
public sealed class ImportRunException(string message) : Exception(message);
