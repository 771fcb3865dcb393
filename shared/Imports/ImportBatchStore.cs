using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Imports;

/// <summary>Import batches: one row per batch (the batch as JSON, with its status, collection and files' deletion as columns), in id (= time) order.</summary>
public sealed class ImportBatchStore(HubStorage storage)
{
    private readonly DocumentRows<ImportBatch> _rows = new(() => storage.Primary.Table(StorageNames.ImportBatchesTable), "Import",
        batch => batch.Id,
        batch => new Dictionary<string, object?>
        {
            ["Status"] = batch.Status.ToString(),
            ["Collection"] = batch.Collection,
            ["Version"] = batch.Version,
            ["FilesDeletedAt"] = batch.FilesDeletedAt,
        });

    /// <summary>The batch; null when there is none, also for an id no batch can have (a caller's typo is a 404, not a storage error).</summary>
    public async Task<(ImportBatch Batch, ETag ETag)?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        RecordService.IsValidId(id) ? await _rows.GetAsync(tenantId, id, cancellationToken) : null;

    public Task<ImportBatch> AddAsync(string tenantId, ImportBatch batch, CancellationToken cancellationToken) =>
        _rows.AddAsync(tenantId, batch, cancellationToken);

    public Task<(IReadOnlyList<ImportBatch> Items, string? NextToken)> ListAsync(
        string tenantId, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, status is null ? null : TableClient.CreateQueryFilter($"Status eq {status}"), pageSize, continuationToken, cancellationToken);

    /// <summary>Batches of every tenant that are committing or rolling back, for the sweep that ends runs that stopped.</summary>
    public async IAsyncEnumerable<(string TenantId, ImportBatch Batch)> InRunAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Status eq {nameof(ImportStatus.Committing)} or Status eq {nameof(ImportStatus.RollingBack)}");
        await foreach (var row in storage.Primary.Table(StorageNames.ImportBatchesTable).QueryAsync<TableEntity>(filter, 1000, ["PartitionKey", "RowKey"], cancellationToken))
        {
            if (await _rows.GetAsync(row.PartitionKey, row.RowKey, cancellationToken) is { } found)
            {
                yield return (row.PartitionKey, found.Document);
            }
        }
    }

    /// <summary>Every batch of the tenant, oldest first.</summary>
    public IAsyncEnumerable<ImportBatch> ScanAsync(string tenantId, CancellationToken cancellationToken) => _rows.ScanAsync(tenantId, null, cancellationToken);

    /// <summary>
    /// Every tenant's batches that may still have files — not marked as deleted, and not being committed or rolled back —
    /// as (tenant, id); only those columns are read.
    /// </summary>
    public async IAsyncEnumerable<(string TenantId, string Id)> WithFilesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Status ne {nameof(ImportStatus.Committing)} and Status ne {nameof(ImportStatus.RollingBack)}");
        await foreach (var row in storage.Primary.Table(StorageNames.ImportBatchesTable)
            .QueryAsync<TableEntity>(filter, 1000, ["PartitionKey", "RowKey", "FilesDeletedAt"], cancellationToken))
        {
            if (row.GetDateTimeOffset("FilesDeletedAt") is null)
            {
                yield return (row.PartitionKey, row.RowKey);
            }
        }
    }

    /// <summary>Applies <paramref name="change"/> to the stored batch, retrying when another writer got in between; null when there is no such batch.</summary>
    public async Task<ImportBatch?> UpdateAsync(string tenantId, string id, Func<ImportBatch, ImportBatch> change, CancellationToken cancellationToken)
    {
        return await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            if (await GetAsync(tenantId, id, token) is not { } found)
            {
                return null;
            }
            var next = change(found.Batch);
            if (next == found.Batch)
            {
                return next;
            }
            next = next with { Version = found.Batch.Version + 1 };
            var replaced = await _rows.ReplaceAsync(tenantId, next, found.ETag, token);
            return replaced.Succeeded ? replaced.Value : throw new ConcurrencyConflictException($"Import {id} changed meanwhile.");
        }, cancellationToken);
    }
}
