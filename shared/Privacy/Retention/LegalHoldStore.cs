using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>A hold as read, with the storage ETag that guards the next write.</summary>
public sealed record StoredLegalHold(LegalHold Hold, ETag ETag);

/// <summary>
/// Legal holds: one row per hold, with the columns the listing and the held-record check filter on. Released holds stay.
/// Subject holds carry pseudonymous keys only.
/// </summary>
public sealed class LegalHoldStore(HubStorage storage)
{
    private readonly DocumentRows<LegalHold> _rows = new(() => storage.Primary.Table(StorageNames.LegalHoldsTable), "Legal hold",
        hold => hold.Id,
        hold => new Dictionary<string, object?>
        {
            ["Status"] = hold.Status.ToString(),
            ["Scope"] = hold.Scope.ToString(),
            ["Collection"] = hold.Record?.Collection,
            ["RecordId"] = hold.Record?.RecordId,
            ["Version"] = hold.Version,
        });

    public async Task<StoredLegalHold?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await _rows.GetAsync(tenantId, id, cancellationToken) is { } found ? new StoredLegalHold(found.Document, found.ETag) : null;

    public Task<LegalHold> AddAsync(string tenantId, LegalHold hold, CancellationToken cancellationToken) =>
        _rows.AddAsync(tenantId, hold, cancellationToken);

    public Task<Result<LegalHold>> ReplaceAsync(string tenantId, LegalHold hold, ETag current, CancellationToken cancellationToken) =>
        _rows.ReplaceAsync(tenantId, hold, current, cancellationToken);

    public Task<(IReadOnlyList<LegalHold> Items, string? NextToken)> ListAsync(
        string tenantId, LegalHoldFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, Query(filter), pageSize, continuationToken, cancellationToken);

    /// <summary>Every hold in force in the tenant, streamed.</summary>
    public IAsyncEnumerable<LegalHold> ActiveAsync(string tenantId, CancellationToken cancellationToken) =>
        _rows.ScanAsync(tenantId, Query(new LegalHoldFilter(LegalHoldStatus.Active, null, null, null)), cancellationToken);

    private static string Query(LegalHoldFilter filter) => TableFilter.All(
        filter.Status is { } status ? TableClient.CreateQueryFilter($"Status eq {status.ToString()}") : null,
        filter.Scope is { } scope ? TableClient.CreateQueryFilter($"Scope eq {scope.ToString()}") : null,
        filter.Collection is { } collection ? TableClient.CreateQueryFilter($"Collection eq {collection}") : null,
        filter.RecordId is { } recordId ? TableClient.CreateQueryFilter($"RecordId eq {recordId}") : null);
}
