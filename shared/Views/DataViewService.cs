using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Views;

/// <summary>The tenant's saved views, with optimistic concurrency by version, and the records they show.</summary>
public sealed class DataViewService(DataViewStore store, ViewRecords records, TimeProvider clock)
{
    public async Task<Result<DataView>> CreateAsync(string tenantId, DataViewRequest request, WriteContext context, CancellationToken cancellationToken)
    {
        var validated = DataViewValidator.Validate(request);
        if (!validated.Succeeded)
        {
            return validated.Failure;
        }
        var now = clock.GetUtcNowForStorage();
        return await store.AddAsync(tenantId, validated.Value with
        {
            Id = DataView.NewId(), Version = 1, CreatedAt = now, CreatedBy = context.Actor.Id, UpdatedAt = now, UpdatedBy = context.Actor.Id,
        }, cancellationToken);
    }

    public async Task<Result<DataView>> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await FindAsync(tenantId, id, cancellationToken) is { } stored ? stored.View : NotFound(id);

    public async Task<Result<DataView>> ReplaceAsync(
        string tenantId, string id, DataViewRequest request, long? expectedVersion, WriteContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is not { } current)
        {
            return NotFound(id);
        }
        if (Stale(current.View, expectedVersion) is { } stale)
        {
            return stale;
        }
        var validated = DataViewValidator.Validate(request);
        if (!validated.Succeeded)
        {
            return validated.Failure;
        }
        return await store.ReplaceAsync(tenantId, validated.Value with
        {
            Id = id, Version = current.View.Version + 1, CreatedAt = current.View.CreatedAt, CreatedBy = current.View.CreatedBy,
            UpdatedAt = clock.GetUtcNowForStorage(), UpdatedBy = context.Actor.Id,
        }, current.ETag, cancellationToken);
    }

    public async Task<Result<bool>> DeleteAsync(string tenantId, string id, long? expectedVersion, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is not { } current)
        {
            return NotFound(id);
        }
        return Stale(current.View, expectedVersion) is { } stale ? stale : await store.DeleteAsync(tenantId, id, current.ETag, cancellationToken);
    }

    public async Task<Result<Page<DataView>>> ListAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("views", tenantId);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, pageSize, sdkToken, cancellationToken);
        return new Page<DataView>(items, ContinuationToken.Encode(next, scope));
    }

    /// <summary>One page of the records the view shows, filtered, sorted and projected; the token is bound to the view's version.</summary>
    public async Task<Result<Page<ViewRow>>> ListRecordsAsync(
        string tenantId, string id, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is not { } stored)
        {
            return NotFound(id);
        }
        var scope = ContinuationToken.Scope("view-records", tenantId, id, stored.View.Version);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var cursorText))
        {
            return Failure.InvalidContinuationToken;
        }
        var query = ViewQuery.Of(stored.View);
        var cursor = cursorText is null ? null : ViewCursor.Parse(cursorText, query.SortFields);
        if (cursorText is not null && cursor is null)
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await records.PageAsync(tenantId, query, pageSize, cursor, cancellationToken);
        return new Page<ViewRow>([.. items.Select(query.RowOf)], ContinuationToken.Encode(next?.ToText(), scope));
    }

    /// <summary>The view for an export; not found under the same rules as <see cref="GetAsync"/>.</summary>
    public async Task<DataView?> FindViewAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        (await FindAsync(tenantId, id, cancellationToken))?.View;

    private async Task<StoredDataView?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        RecordService.IsValidId(id) ? await store.GetAsync(tenantId, id, cancellationToken) : null;

    private static Failure? Stale(DataView view, long? expectedVersion) =>
        expectedVersion is { } expected && view.Version != expected
            ? Failure.PreconditionFailed($"The view is at version {view.Version}, not {expected}.")
            : null;

    public static Failure NotFound(string id) => Failure.NotFound($"There is no view '{id}'.");
}
