using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Records;

/// <summary>Reads a tenant's change log (written by <see cref="RecordStore"/>), newest first.</summary>
public sealed class ChangeLogStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.RecordsTable);

    public async Task<(IReadOnlyList<ChangeLogEntry> Items, string? NextToken)> ListAsync(
        string tenantId, ChangeFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var start = RecordStore.ChangeRangeStart;
        var end = RecordStore.ChangeRangeEnd;
        var query = TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {start} and RowKey lt {end}"),
            filter.Collection is { } collection ? TableClient.CreateQueryFilter($"Collection eq {collection}") : null,
            filter.Actor is { } actor ? TableClient.CreateQueryFilter($"Actor eq {actor}") : null,
            filter.From is { } from ? TableClient.CreateQueryFilter($"ChangedAt ge {from}") : null,
            filter.To is { } to ? TableClient.CreateQueryFilter($"ChangedAt le {to}") : null);
        await foreach (var page in Table.QueryAsync<TableEntity>(query, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(RecordStore.ToChange).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }
}
