using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DataGovernance.Storage;

namespace DataGovernance.Exports;

/// <summary>
/// Export jobs: one row per job in <see cref="StorageNames.DataExportsTable"/> (ids start with their request time, so
/// oldest first), with <c>Status</c> and <c>ExpiresAt</c> columns for the expiry sweep; the files are blobs of
/// <see cref="StorageNames.ExportsContainer"/>.
/// </summary>
public sealed class ExportStore(HubStorage storage)
{
    private readonly DocumentRows<DataExport> _rows = new(() => storage.Primary.Table(StorageNames.DataExportsTable), "Export",
        export => export.Id,
        export => new Dictionary<string, object?> { ["Status"] = export.Status.ToString(), ["ExpiresAt"] = export.ExpiresAt });

    public async Task<DataExport?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        (await _rows.GetAsync(tenantId, id, cancellationToken))?.Document;

    public Task<DataExport> AddAsync(string tenantId, DataExport export, CancellationToken cancellationToken) => _rows.AddAsync(tenantId, export, cancellationToken);

    public Task<(IReadOnlyList<DataExport> Items, string? NextToken)> ListAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, null, pageSize, continuationToken, cancellationToken);

    /// <summary>Applies <paramref name="change"/> under the row's ETag, reading again when someone else got in between; null change leaves it.</summary>
    public async Task<DataExport?> UpdateAsync(string tenantId, string id, Func<DataExport, DataExport?> change, CancellationToken cancellationToken) =>
        await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            if (await _rows.GetAsync(tenantId, id, token) is not { } current)
            {
                return null;
            }
            if (change(current.Document) is not { } next)
            {
                return current.Document;
            }
            var saved = await _rows.ReplaceAsync(tenantId, next with { DownloadUrl = null, DownloadExpiresAt = null, DownloadWithheld = null }, current.ETag, token);
            return saved.Succeeded ? saved.Value : throw new ConcurrencyConflictException($"Export {id} changed while it was updated.");
        }, cancellationToken);

    /// <summary>Deletes an expired export's files and marks it expired; safe to repeat.</summary>
    public async Task<DataExport> ExpireAsync(DataExport export, CancellationToken cancellationToken)
    {
        await DeleteFilesAsync(export, keep: null, cancellationToken);
        return await UpdateAsync(export.TenantId, export.Id, current => current.Status == ExportStatus.Completed ? current with { Status = ExportStatus.Expired } : null,
            cancellationToken) ?? export with { Status = ExportStatus.Expired };
    }

    /// <summary>Completed exports of every tenant whose expiry has passed.</summary>
    public async IAsyncEnumerable<DataExport> ExpiredAsync(DateTimeOffset now, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Status eq {nameof(ExportStatus.Completed)} and ExpiresAt le {now}");
        await foreach (var row in storage.Primary.Table(StorageNames.DataExportsTable).QueryAsync<TableEntity>(filter, 1000, ["PartitionKey", "RowKey"], cancellationToken))
        {
            if (await GetAsync(row.PartitionKey, row.RowKey, cancellationToken) is { } export)
            {
                yield return export;
            }
        }
    }

    public BlockBlobClient FileOf(DataExport export) => File(export.BlobName);

    public BlockBlobClient File(string blobName) => storage.Primary.Container(StorageNames.ExportsContainer).GetBlockBlobClient(blobName);

    /// <summary>Deletes every file of the job (each attempt's) except <paramref name="keep"/>.</summary>
    public async Task DeleteFilesAsync(DataExport export, string? keep, CancellationToken cancellationToken)
    {
        var container = storage.Primary.Container(StorageNames.ExportsContainer);
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, export.BlobPrefix, cancellationToken))
        {
            if (blob.Name != keep)
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            }
        }
    }
}
