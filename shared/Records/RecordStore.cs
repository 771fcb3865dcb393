using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace DataGovernance.Records;

/// <summary>A record as read, with the storage ETag that guards the next write.</summary>
public sealed record StoredRecord(Record Record, ETag ETag);

/// <summary>One record change to commit: create (no current), update (both) or delete (no next).</summary>
public sealed record RecordWrite(StoredRecord? Current, Record? Next)
{
    public ChangeOperation Operation => Current is null ? ChangeOperation.Create : Next is null ? ChangeOperation.Delete : ChangeOperation.Update;
}

/// <summary>
/// Persists records and the tenant's change log (layout in <see cref="RecordRows"/>). Every commit writes the
/// records of the live generation, one change-log entry per record and the moved head in a single entity-group
/// transaction, so the log can never miss or invent a change, and the head's ETag orders concurrent commits into
/// one gap-free sequence. While a restore has frozen the head, commits are refused.
/// </summary>
public sealed class RecordStore(HubStorage storage, IMemoryCache cache)
{
    /// <summary>Two rows per write plus the head row must fit the 100-action limit of a transaction.</summary>
    public const int MaxWritesPerCommit = 49;

    /// <summary>How long a read may use a remembered generation; a restore's switch reaches readers within this time.</summary>
    private static readonly TimeSpan GenerationLifetime = TimeSpan.FromSeconds(1);

    private TableClient Table => storage.Primary.Table(StorageNames.RecordsTable);

    public async Task<RecordHead> GetHeadAsync(string tenantId, CancellationToken cancellationToken)
    {
        var head = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, RecordRows.HeadRowKey, cancellationToken: cancellationToken);
        var result = RecordRows.ToHead(head.HasValue ? head.Value : null);
        cache.Set(("generation", tenantId), result.Generation, GenerationLifetime);
        return result;
    }

    /// <summary>The live generation, remembered for a moment so that reads cost one storage call.</summary>
    public async Task<int> GetGenerationAsync(string tenantId, CancellationToken cancellationToken) =>
        cache.TryGetValue(("generation", tenantId), out int generation) ? generation : (await GetHeadAsync(tenantId, cancellationToken)).Generation;

    public async Task<StoredRecord?> GetAsync(string tenantId, string collection, string id, CancellationToken cancellationToken) =>
        await GetAsync(tenantId, await GetGenerationAsync(tenantId, cancellationToken), collection, id, cancellationToken);

    public async Task<StoredRecord?> GetAsync(string tenantId, int generation, string collection, string id, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, RecordRows.RecordKey(generation, collection, id), cancellationToken: cancellationToken);
        return row.HasValue ? new StoredRecord(RecordRows.ToRecord(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>
    /// One page of a collection. The generation is part of the continuation, so a listing that began before a
    /// restore switched generations pages through the old one to its end (it stays until cleaned up).
    /// </summary>
    public async Task<(IReadOnlyList<Record> Items, string? NextToken)> ListAsync(
        string tenantId, string collection, RecordFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var (generation, sdkToken) = continuationToken?.Split('|', 2) is [var pinned, var rest] && int.TryParse(pinned, out var parsed)
            ? (parsed, rest)
            : (await GetGenerationAsync(tenantId, cancellationToken), null);
        var prefix = RecordRows.CollectionPrefix(generation, collection);
        var query = TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}"),
            filter.Status is { } status ? TableClient.CreateQueryFilter($"Status eq {status}") : null,
            filter.Owner is { } owner ? TableClient.CreateQueryFilter($"Owner eq {owner}") : null,
            filter.UpdatedSince is { } since ? TableClient.CreateQueryFilter($"UpdatedAt ge {since}") : null);
        await foreach (var page in Table.QueryAsync<TableEntity>(query, pageSize, cancellationToken: cancellationToken).AsPages(sdkToken, pageSize))
        {
            return (page.Values.Select(RecordRows.ToRecord).ToList(), page.ContinuationToken is { } next ? $"{generation}|{next}" : null);
        }
        return ([], null);
    }

    /// <summary>Every record of a collection in a generation, in id order, streamed page by page.</summary>
    public async IAsyncEnumerable<Record> ScanAsync(string tenantId, int generation, string collection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = RecordRows.CollectionPrefix(generation, collection);
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(query, 1000, cancellationToken: cancellationToken))
        {
            yield return RecordRows.ToRecord(row);
        }
    }

    /// <summary>The ids of a collection's records in a generation, in id order, without reading their documents.</summary>
    public async IAsyncEnumerable<string> ScanIdsAsync(string tenantId, int generation, string collection, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = RecordRows.CollectionPrefix(generation, collection);
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(query, 1000, ["RowKey"], cancellationToken))
        {
            yield return row.RowKey[prefix.Length..];
        }
    }

    /// <summary>The records of a collection whose ids lie from <paramref name="firstId"/> to <paramref name="lastId"/> (both included), in id order.</summary>
    public async IAsyncEnumerable<Record> ScanRangeAsync(
        string tenantId, int generation, string collection, string firstId, string lastId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (from, to) = (RecordRows.RecordKey(generation, collection, firstId), RecordRows.RecordKey(generation, collection, lastId));
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {from} and RowKey le {to}");
        await foreach (var row in Table.QueryAsync<TableEntity>(query, 1000, cancellationToken: cancellationToken))
        {
            yield return RecordRows.ToRecord(row);
        }
    }

    /// <summary>
    /// Commits the writes and their change-log entries atomically. Fails with 412 when a record changed since it
    /// was read and with 409 while a restore is in progress; retries by itself when only another commit of the
    /// same tenant got in between.
    /// </summary>
    public async Task<Result<IReadOnlyList<ChangeLogEntry>>> CommitAsync(
        string tenantId, IReadOnlyList<RecordWrite> writes, DateTimeOffset changedAt, WriteContext context, CancellationToken cancellationToken)
    {
        if (writes.Count is 0 or > MaxWritesPerCommit)
        {
            throw new ArgumentOutOfRangeException(nameof(writes), $"A commit holds 1 to {MaxWritesPerCommit} writes.");
        }
        return await ConcurrencyRetry.Pipeline.ExecuteAsync(
            async token => await TryCommitAsync(tenantId, writes, changedAt, context, token), cancellationToken);
    }

    private async Task<Result<IReadOnlyList<ChangeLogEntry>>> TryCommitAsync(
        string tenantId, IReadOnlyList<RecordWrite> writes, DateTimeOffset changedAt, WriteContext context, CancellationToken cancellationToken)
    {
        var head = await GetHeadAsync(tenantId, cancellationToken);
        if (head.FrozenBy is { } restore)
        {
            return Failure.Conflict("restore-in-progress", $"Records are read-only while restore {restore} completes; retry shortly.");
        }
        var sequence = head.LastSequence;
        var actions = new List<TableTransactionAction>(writes.Count * 2 + 1);
        var entries = new List<ChangeLogEntry>(writes.Count);
        foreach (var write in writes)
        {
            var entry = ToChange(++sequence, changedAt, write, context);
            entries.Add(entry);
            actions.Add(RecordAction(tenantId, head.Generation, write));
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, RecordRows.ToEntity(tenantId, entry)));
        }
        var newHead = RecordRows.ToEntity(tenantId, head with { LastSequence = sequence });
        actions.Add(head.Exists
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, head.ETag)
            : new TableTransactionAction(TableTransactionActionType.Add, newHead));

        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return entries;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            var failedIndex = ex.FailedTransactionActionIndex ?? actions.Count - 1;
            var isRecordAction = failedIndex < actions.Count - 1 && failedIndex % 2 == 0;
            if (!isRecordAction)
            {
                throw new ConcurrencyConflictException($"Change log of tenant {tenantId} moved on during commit.");
            }
            var write = writes[failedIndex / 2];
            return write.Operation == ChangeOperation.Create
                ? Failure.Conflict("record-exists", $"Record {write.Next!.Id} already exists.")
                : Failure.PreconditionFailed($"Record {write.Current!.Record.Id} was changed by someone else; read it again and retry.");
        }
    }

    private static ChangeLogEntry ToChange(long sequence, DateTimeOffset changedAt, RecordWrite write, WriteContext context)
    {
        var subject = write.Next ?? write.Current!.Record;
        var version = write.Next?.Version ?? write.Current!.Record.Version + 1;
        return new ChangeLogEntry(sequence, changedAt, subject.Collection, subject.Id, write.Operation, version,
            write.Current?.Record.Data, write.Next?.Data, context.Actor.Id, context.CorrelationId,
            subject.CreatedAt, subject.CreatedBy, write.Current?.Record.UpdatedAt, write.Current?.Record.UpdatedBy);
    }

    private static TableTransactionAction RecordAction(string tenantId, int generation, RecordWrite write) => write.Operation switch
    {
        ChangeOperation.Create => new(TableTransactionActionType.Add, RecordRows.ToEntity(tenantId, generation, write.Next!)),
        ChangeOperation.Update => new(TableTransactionActionType.UpdateReplace, RecordRows.ToEntity(tenantId, generation, write.Next!), write.Current!.ETag),
        _ => new(TableTransactionActionType.Delete,
            new TableEntity(tenantId, RecordRows.RecordKey(generation, write.Current!.Record.Collection, write.Current.Record.Id)), write.Current.ETag),
    };
}
