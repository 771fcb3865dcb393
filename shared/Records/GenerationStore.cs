using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Records;

/// <summary>The head a restore or import froze: the generation it replaces and the last change before it.</summary>
public sealed record FrozenHead(int Generation, long LastSequence);

/// <summary>
/// Builds and switches record generations for restores (layout in <see cref="RecordRows"/>). A restore freezes the
/// head, writes the whole next generation and its change-log entries past the head's sequence (invisible until
/// committed), then moves the head in one conditional write: readers see the old generation or the new one, never
/// a mix, whenever the process stops. Every step can run again with the same effect.
/// </summary>
public sealed class GenerationStore(HubStorage storage, RecordStore records)
{
    /// <summary>Entity-group transactions hold at most 100 actions.</summary>
    public const int MaxRowsPerBatch = 100;

    private TableClient Table => storage.Primary.Table(StorageNames.RecordsTable);

    /// <summary>
    /// Refuses record writes until <see cref="SwitchAsync"/> or <see cref="ThawAsync"/>; returns the frozen head. With
    /// <paramref name="expectedGeneration"/>, freezes only that generation: a freeze repeated after its run switched
    /// generations (a redelivered step) finds the head moved on and is refused instead of freezing the tenant again.
    /// </summary>
    public async Task<RecordHead> FreezeAsync(string tenantId, string freezeId, CancellationToken cancellationToken, int? expectedGeneration = null)
    {
        return await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var head = await records.GetHeadAsync(tenantId, token);
            if (head.FrozenBy == freezeId)
            {
                return head;
            }
            if (head.FrozenBy is { } other)
            {
                throw new GenerationBusyException($"The records of tenant {tenantId} are being changed by {other}.");
            }
            if (expectedGeneration is { } expected && head.Generation != expected)
            {
                throw new GenerationBusyException($"The records of tenant {tenantId} were replaced (generation {head.Generation}, not {expected}) since the run was requested.");
            }
            var frozen = head with { FrozenBy = freezeId };
            await WriteHeadAsync(tenantId, head, frozen, token);
            return await records.GetHeadAsync(tenantId, token);
        }, cancellationToken);
    }

    /// <summary>Lifts the freeze of <paramref name="freezeId"/> without switching (the restore was abandoned).</summary>
    public async Task ThawAsync(string tenantId, string freezeId, CancellationToken cancellationToken)
    {
        await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var head = await records.GetHeadAsync(tenantId, token);
            if (head.FrozenBy == freezeId)
            {
                await WriteHeadAsync(tenantId, head, head with { FrozenBy = null }, token);
            }
        }, cancellationToken);
    }

    /// <summary>
    /// The one write that makes a restore visible: the head names the new generation and the last pending change,
    /// and writes resume. False when the head is not frozen by this restore at <paramref name="fromGeneration"/>
    /// (true without writing when the switch already happened).
    /// </summary>
    public async Task<bool> SwitchAsync(string tenantId, string freezeId, int fromGeneration, long lastSequence, CancellationToken cancellationToken)
    {
        var head = await records.GetHeadAsync(tenantId, cancellationToken);
        if (head.Generation == fromGeneration + 1 && head.LastSequence >= lastSequence && head.FrozenBy is null)
        {
            return true;
        }
        if (head.FrozenBy != freezeId || head.Generation != fromGeneration)
        {
            return false;
        }
        await WriteHeadAsync(tenantId, head, new RecordHead(lastSequence, fromGeneration + 1, null, head.ETag), cancellationToken);
        await records.GetHeadAsync(tenantId, cancellationToken); // this instance reads the new generation at once
        return true;
    }

    /// <summary>
    /// Removes what an earlier attempt of a build left (rows of the next generation, change rows past the frozen head), so
    /// the build starts clean. Refused when the head is no longer frozen by <paramref name="freezeId"/> at
    /// <paramref name="frozenGeneration"/>: then the build's switch already happened (a redelivered step), and those rows are live.
    /// </summary>
    public async Task ClearBuildAsync(string tenantId, string freezeId, int frozenGeneration, long frozenSequence, CancellationToken cancellationToken)
    {
        var head = await records.GetHeadAsync(tenantId, cancellationToken);
        if (head.FrozenBy != freezeId || head.Generation != frozenGeneration)
        {
            throw new GenerationBusyException($"The records of tenant {tenantId} are no longer frozen by {freezeId} at generation {frozenGeneration}; nothing was rebuilt.");
        }
        await DeletePendingChangesAsync(tenantId, frozenSequence, cancellationToken);
        await DeleteGenerationAsync(tenantId, frozenGeneration + 1, cancellationToken);
    }

    /// <summary>Writes record rows of a generation, replacing any left by an earlier attempt.</summary>
    public Task PutRecordsAsync(string tenantId, int generation, IReadOnlyList<Record> batch, CancellationToken cancellationToken) =>
        SubmitAsync(batch.Select(record => new TableTransactionAction(TableTransactionActionType.UpsertReplace, RecordRows.ToEntity(tenantId, generation, record))), cancellationToken);

    /// <summary>Writes change-log entries past the head's sequence; they count only once the head moves over them.</summary>
    public Task PutPendingChangesAsync(string tenantId, IReadOnlyList<ChangeLogEntry> batch, CancellationToken cancellationToken) =>
        SubmitAsync(batch.Select(entry => new TableTransactionAction(TableTransactionActionType.UpsertReplace, RecordRows.ToEntity(tenantId, entry))), cancellationToken);

    /// <summary>Deletes every row of a generation (an abandoned build, or one a switch replaced).</summary>
    public async Task<long> DeleteGenerationAsync(string tenantId, int generation, CancellationToken cancellationToken)
    {
        var prefix = RecordRows.GenerationPrefix(generation);
        return await DeleteRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}"), cancellationToken);
    }

    /// <summary>Deletes change rows past <paramref name="lastSequence"/>: entries of a restore that never switched.</summary>
    public Task<long> DeletePendingChangesAsync(string tenantId, long lastSequence, CancellationToken cancellationToken) =>
        DeleteRowsAsync(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {RecordRows.ChangePrefix} and RowKey lt {RecordRows.ChangeKey(lastSequence)}"), cancellationToken);

    private async Task<long> DeleteRowsAsync(string filter, CancellationToken cancellationToken)
    {
        long deleted = 0;
        var batch = new List<TableTransactionAction>(MaxRowsPerBatch);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, 1000, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            batch.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(row.PartitionKey, row.RowKey), ETag.All));
            if (batch.Count == MaxRowsPerBatch)
            {
                deleted += await DeleteBatchAsync(batch, cancellationToken);
            }
        }
        return deleted + await DeleteBatchAsync(batch, cancellationToken);
    }

    private async Task<int> DeleteBatchAsync(List<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        var count = batch.Count;
        if (count > 0)
        {
            try
            {
                await Table.SubmitTransactionAsync(batch, cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                // Another attempt deleted some of them meanwhile: delete the rest one by one.
                foreach (var action in batch)
                {
                    await Table.DeleteEntityAsync(action.Entity.PartitionKey, action.Entity.RowKey, ETag.All, cancellationToken);
                }
            }
            batch.Clear();
        }
        return count;
    }

    private async Task SubmitAsync(IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        foreach (var batch in actions.Chunk(MaxRowsPerBatch))
        {
            await Table.SubmitTransactionAsync(batch, cancellationToken);
        }
    }

    private async Task WriteHeadAsync(string tenantId, RecordHead current, RecordHead next, CancellationToken cancellationToken)
    {
        var entity = RecordRows.ToEntity(tenantId, next);
        try
        {
            if (current.Exists)
            {
                await Table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await Table.AddEntityAsync(entity, cancellationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException($"The head of tenant {tenantId} moved on.");
        }
    }
}

/// <summary>A freeze or build met the tenant's records held or replaced by another run: this run must not touch them.</summary>
public sealed class GenerationBusyException(string message) : Exception(message);
