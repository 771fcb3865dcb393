using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Records;

/// <summary>A record as read, with the storage ETag that guards the next write.</summary>
public sealed record StoredRecord(Record Record, ETag ETag);

/// <summary>One record change to commit: create (no current), update (both) or delete (no next).</summary>
public sealed record RecordWrite(StoredRecord? Current, Record? Next)
{
    public ChangeOperation Operation => Current is null ? ChangeOperation.Create : Next is null ? ChangeOperation.Delete : ChangeOperation.Update;
}

/// <summary>
/// Persists records and the tenant's change log. A tenant is one partition of the Records table holding its
/// records (<c>r:{collection}:{id}</c>), its change log (<c>c:{sequence, newest first}</c>) and a head row
/// (<c>s:head</c>) with the last sequence number. Every commit writes the records, one change-log entry per
/// record and the moved head in a single entity-group transaction, so the log can never miss or invent a change,
/// and the head's ETag orders concurrent commits into one gap-free sequence.
/// </summary>
public sealed class RecordStore(HubStorage storage)
{
    /// <summary>Two rows per write plus the head row must fit the 100-action limit of a transaction.</summary>
    public const int MaxWritesPerCommit = 49;

    private const string RecordPrefix = "r:";
    private const string ChangePrefix = "c:";
    private const string HeadRowKey = "s:head";

    private TableClient Table => storage.Primary.Table(StorageNames.RecordsTable);

    public async Task<StoredRecord?> GetAsync(string tenantId, string collection, string id, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, RecordKey(collection, id), cancellationToken: cancellationToken);
        return row.HasValue ? new StoredRecord(ToRecord(row.Value!), row.Value!.ETag) : null;
    }

    public async Task<(IReadOnlyList<Record> Items, string? NextToken)> ListAsync(
        string tenantId, string collection, RecordFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var prefix = $"{RecordPrefix}{collection}:";
        var query = TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}"),
            filter.Status is { } status ? TableClient.CreateQueryFilter($"Status eq {status}") : null,
            filter.Owner is { } owner ? TableClient.CreateQueryFilter($"Owner eq {owner}") : null,
            filter.UpdatedSince is { } since ? TableClient.CreateQueryFilter($"UpdatedAt ge {since}") : null);
        await foreach (var page in Table.QueryAsync<TableEntity>(query, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToRecord).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>The last sequence number of the tenant's change log (0 before the first change).</summary>
    public async Task<long> GetLastSequenceAsync(string tenantId, CancellationToken cancellationToken)
    {
        var head = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, HeadRowKey, cancellationToken: cancellationToken);
        return head.HasValue ? head.Value!.GetInt64("LastSequence") ?? 0 : 0;
    }

    /// <summary>
    /// Commits the writes and their change-log entries atomically. Fails with 412 when a record changed since it
    /// was read; retries by itself when only another commit of the same tenant got in between.
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
        var head = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, HeadRowKey, cancellationToken: cancellationToken);
        var sequence = head.HasValue ? head.Value!.GetInt64("LastSequence") ?? 0 : 0;

        var actions = new List<TableTransactionAction>(writes.Count * 2 + 1);
        var entries = new List<ChangeLogEntry>(writes.Count);
        foreach (var write in writes)
        {
            var entry = ToChange(++sequence, changedAt, write, context);
            entries.Add(entry);
            actions.Add(RecordAction(tenantId, write));
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, ToEntity(tenantId, entry)));
        }
        var newHead = new TableEntity(tenantId, HeadRowKey) { ["LastSequence"] = sequence };
        actions.Add(head.HasValue
            ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, newHead, head.Value!.ETag)
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
            write.Current?.Record.Data, write.Next?.Data, context.Actor.Id, context.CorrelationId);
    }

    private static TableTransactionAction RecordAction(string tenantId, RecordWrite write) => write.Operation switch
    {
        ChangeOperation.Create => new(TableTransactionActionType.Add, ToEntity(tenantId, write.Next!)),
        ChangeOperation.Update => new(TableTransactionActionType.UpdateReplace, ToEntity(tenantId, write.Next!), write.Current!.ETag),
        _ => new(TableTransactionActionType.Delete, new TableEntity(tenantId, RecordKey(write.Current!.Record.Collection, write.Current.Record.Id)), write.Current.ETag),
    };

    private static string RecordKey(string collection, string id) => $"{RecordPrefix}{collection}:{id}";

    private static TableEntity ToEntity(string tenantId, Record record) => new(tenantId, RecordKey(record.Collection, record.Id))
    {
        ["Version"] = record.Version,
        ["Data"] = JsonSerializer.Serialize(record.Data),
        ["Status"] = record.Status,
        ["Owner"] = record.Owner,
        ["CreatedAt"] = record.CreatedAt,
        ["CreatedBy"] = record.CreatedBy,
        ["UpdatedAt"] = record.UpdatedAt,
        ["UpdatedBy"] = record.UpdatedBy,
    };

    private static TableEntity ToEntity(string tenantId, ChangeLogEntry entry) => new(tenantId, ChangeKey(entry.Sequence))
    {
        ["Sequence"] = entry.Sequence,
        ["ChangedAt"] = entry.ChangedAt,
        ["Collection"] = entry.Collection,
        ["RecordId"] = entry.RecordId,
        ["Operation"] = entry.Operation.ToString(),
        ["Version"] = entry.Version,
        ["Before"] = entry.Before is { } before ? JsonSerializer.Serialize(before) : null,
        ["After"] = entry.After is { } after ? JsonSerializer.Serialize(after) : null,
        ["Actor"] = entry.Actor,
        ["CorrelationId"] = entry.CorrelationId,
    };

    internal static string ChangeKey(long sequence) => ChangePrefix + RowKeys.NewestFirst(sequence);

    internal static string ChangeRangeStart => ChangePrefix;

    internal static string ChangeRangeEnd => RowKeys.PrefixEnd(ChangePrefix);

    private static Record ToRecord(TableEntity row)
    {
        var key = row.RowKey.AsSpan(RecordPrefix.Length);
        var separator = key.IndexOf(':');
        return new Record(
            key[(separator + 1)..].ToString(),
            key[..separator].ToString(),
            row.GetInt64("Version") ?? 1,
            JsonSerializer.Deserialize<JsonElement>(row.GetString("Data") ?? "{}"),
            row.GetDateTimeOffset("CreatedAt") ?? default,
            row.GetString("CreatedBy") ?? "",
            row.GetDateTimeOffset("UpdatedAt") ?? default,
            row.GetString("UpdatedBy") ?? "");
    }

    internal static ChangeLogEntry ToChange(TableEntity row) => new(
        row.GetInt64("Sequence") ?? 0,
        row.GetDateTimeOffset("ChangedAt") ?? default,
        row.GetString("Collection") ?? "",
        row.GetString("RecordId") ?? "",
        Enum.Parse<ChangeOperation>(row.GetString("Operation") ?? nameof(ChangeOperation.Update)),
        row.GetInt64("Version") ?? 0,
        row.GetString("Before") is { } before ? JsonSerializer.Deserialize<JsonElement>(before) : null,
        row.GetString("After") is { } after ? JsonSerializer.Deserialize<JsonElement>(after) : null,
        row.GetString("Actor") ?? "",
        row.GetString("CorrelationId") ?? "");
}
