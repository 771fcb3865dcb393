using Azure;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Views;

/// <summary>A view as read, with the storage ETag that guards the next write.</summary>
public sealed record StoredDataView(DataView View, ETag ETag);

/// <summary>Saved views: one row per view in <see cref="StorageNames.DataViewsTable"/>, with <c>Collection</c> and <c>Version</c> columns.</summary>
public sealed class DataViewStore(HubStorage storage)
{
    private readonly DocumentRows<DataView> _rows = new(() => storage.Primary.Table(StorageNames.DataViewsTable), "View",
        view => view.Id,
        view => new Dictionary<string, object?> { ["Collection"] = view.Collection, ["Version"] = view.Version });

    public async Task<StoredDataView?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await _rows.GetAsync(tenantId, id, cancellationToken) is { } found ? new StoredDataView(found.Document, found.ETag) : null;

    public Task<DataView> AddAsync(string tenantId, DataView view, CancellationToken cancellationToken) => _rows.AddAsync(tenantId, view, cancellationToken);

    public Task<Result<DataView>> ReplaceAsync(string tenantId, DataView view, ETag current, CancellationToken cancellationToken) =>
        _rows.ReplaceAsync(tenantId, view, current, cancellationToken);

    public Task<Result<bool>> DeleteAsync(string tenantId, string id, ETag current, CancellationToken cancellationToken) =>
        _rows.DeleteAsync(tenantId, id, current, cancellationToken);

    public Task<(IReadOnlyList<DataView> Items, string? NextToken)> ListAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, null, pageSize, continuationToken, cancellationToken);
}
