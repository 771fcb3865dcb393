using System.Text.Json;
using Azure.Data.Tables;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>
/// Where drills restore to: the DrillScratch table, one partition per drill (<c>{tenant}:{drillId}</c>), rows
/// <c>{collection}:{id}</c> shaped like live record rows. Nothing reads live data from here, and the partition is
/// deleted when the drill ends.
/// </summary>
public sealed class DrillScratchStore(HubStorage storage)
{
    /// <summary>The most operations one entity-group transaction takes.</summary>
    public const int MaxBatch = 100;

    private TableClient Table => storage.Primary.Table(StorageNames.DrillScratchTable);

    public static string Partition(string tenantId, string drillId) => $"{tenantId}:{drillId}";

    /// <summary>Upserts the records (so that a repeated step writes the same rows again), in transactions of at most <see cref="MaxBatch"/>.</summary>
    public async Task WriteAsync(string tenantId, string drillId, IReadOnlyList<Record> records, CancellationToken cancellationToken)
    {
        var partition = Partition(tenantId, drillId);
        foreach (var batch in records.Chunk(MaxBatch))
        {
            var actions = batch.Select(record => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(partition, record)));
            await Table.SubmitTransactionAsync(actions, cancellationToken);
        }
    }

    /// <summary>The scratch records of <paramref name="collection"/> whose ids lie in [<paramref name="firstId"/>, <paramref name="lastId"/>].</summary>
    public async Task<List<Record>> ReadRangeAsync(
        string tenantId, string drillId, string collection, string firstId, string lastId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition(tenantId, drillId)} and RowKey ge {Key(collection, firstId)} and RowKey le {Key(collection, lastId)}");
        var records = new List<Record>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            records.Add(ToRecord(row));
        }
        return records;
    }

    /// <summary>How many scratch rows <paramref name="collection"/> has.</summary>
    public async Task<long> CountAsync(string tenantId, string drillId, string collection, CancellationToken cancellationToken)
    {
        var prefix = $"{collection}:";
        var filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {Partition(tenantId, drillId)} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
        return await Table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken).LongCountAsync(cancellationToken);
    }

    /// <summary>Deletes the drill's partition; returns how many rows it held.</summary>
    public async Task<long> DiscardAsync(string tenantId, string drillId, CancellationToken cancellationToken)
    {
        var partition = Partition(tenantId, drillId);
        // Collected first: deleting while paging through the same partition would move the continuation.
        var keys = await Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"], cancellationToken: cancellationToken)
            .Select(row => row.RowKey).ToListAsync(cancellationToken);
        foreach (var batch in keys.Chunk(MaxBatch))
        {
            await Table.SubmitTransactionAsync(batch.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, key))), cancellationToken);
        }
        return keys.Count;
    }

    private static string Key(string collection, string id) => $"{collection}:{id}";

    private static TableEntity ToEntity(string partition, Record record) => new(partition, Key(record.Collection, record.Id))
    {
        ["Version"] = record.Version,
        ["Data"] = JsonSerializer.Serialize(record.Data),
        ["CreatedAt"] = record.CreatedAt,
        ["CreatedBy"] = record.CreatedBy,
        ["UpdatedAt"] = record.UpdatedAt,
        ["UpdatedBy"] = record.UpdatedBy,
    };

    private static Record ToRecord(TableEntity row)
    {
        var separator = row.RowKey.IndexOf(':', StringComparison.Ordinal);
        return new Record(
            row.RowKey[(separator + 1)..],
            row.RowKey[..separator],
            row.GetInt64("Version") ?? 0,
            JsonSerializer.Deserialize<JsonElement>(row.GetString("Data") ?? "null"),
            row.GetDateTimeOffset("CreatedAt") ?? default,
            row.GetString("CreatedBy") ?? "",
            row.GetDateTimeOffset("UpdatedAt") ?? default,
            row.GetString("UpdatedBy") ?? "");
    }
}
