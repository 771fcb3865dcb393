using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using DataGovernance.Privacy;
using DataGovernance.Storage;

namespace DataGovernance.Records;

/// <summary>Reads a tenant's committed change log (written by <see cref="RecordStore"/>), newest first.</summary>
public sealed class ChangeLogStore(HubStorage storage, RecordStore records)
{
    private TableClient Table => storage.Primary.Table(StorageNames.RecordsTable);

    public async Task<(IReadOnlyList<ChangeLogEntry> Items, string? NextToken)> ListAsync(
        string tenantId, ChangeFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var head = await records.GetHeadAsync(tenantId, cancellationToken);
        var query = TableFilter.All(
            Committed(tenantId, head.LastSequence),
            filter.Collection is { } collection ? TableClient.CreateQueryFilter($"Collection eq {collection}") : null,
            filter.Actor is { } actor ? TableClient.CreateQueryFilter($"Actor eq {actor}") : null,
            filter.From is { } from ? TableClient.CreateQueryFilter($"ChangedAt ge {from}") : null,
            filter.To is { } to ? TableClient.CreateQueryFilter($"ChangedAt le {to}") : null);
        await foreach (var page in Table.QueryAsync<TableEntity>(query, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(RecordRows.ToChange).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>
    /// The committed entries with sequence in (<paramref name="after"/>, <paramref name="upTo"/>], newest first,
    /// streamed page by page; optionally of one collection or one record.
    /// </summary>
    public async IAsyncEnumerable<ChangeLogEntry> ReadRangeAsync(
        string tenantId, long after, long upTo, string? collection, string? recordId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (upTo <= after)
        {
            yield break;
        }
        var query = TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {RecordRows.ChangeKey(upTo)} and RowKey lt {RecordRows.ChangeKey(after)}"),
            collection is null ? null : TableClient.CreateQueryFilter($"Collection eq {collection}"),
            recordId is null ? null : TableClient.CreateQueryFilter($"RecordId eq {recordId}"));
        await foreach (var row in Table.QueryAsync<TableEntity>(query, 1000, cancellationToken: cancellationToken))
        {
            yield return RecordRows.ToChange(row);
        }
    }

    /// <summary>The last committed sequence whose change happened at or before <paramref name="at"/> (0 if none).</summary>
    public async Task<long> SequenceAtAsync(string tenantId, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var head = await records.GetHeadAsync(tenantId, cancellationToken);
        var query = TableFilter.All(Committed(tenantId, head.LastSequence), TableClient.CreateQueryFilter($"ChangedAt le {at}"));
        await foreach (var row in Table.QueryAsync<TableEntity>(query, 1, select: ["Sequence"], cancellationToken: cancellationToken))
        {
            return row.GetInt64("Sequence") ?? 0;
        }
        return 0;
    }

    /// <summary>
    /// Takes the data erasures removed out of every change-log entry of their records (see
    /// <see cref="ChangeLogRedaction"/>); returns how many entries it rewrote, 0 when they are redacted already.
    /// </summary>
    public Task<int> RedactAsync(string tenantId, IReadOnlyCollection<ErasureLedgerEntry> entries, CancellationToken cancellationToken) =>
        ChangeLogRedaction.RedactAsync(Table, tenantId, entries, cancellationToken);

    /// <summary>Change rows up to the head's sequence; rows past it belong to a restore that has not switched yet.</summary>
    private static string Committed(string tenantId, long lastSequence) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {RecordRows.ChangeKey(lastSequence)} and RowKey lt {RowKeys.PrefixEnd(RecordRows.ChangePrefix)}");
}
