using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>An activity as read, with the storage ETag that guards the next write.</summary>
public sealed record StoredProcessingActivity(ProcessingActivity Activity, ETag ETag);

/// <summary>The record of processing activities: one row per activity, with the columns the listing filters on.</summary>
public sealed class ProcessingActivityStore(HubStorage storage)
{
    private readonly DocumentRows<ProcessingActivity> _rows = new(() => storage.Primary.Table(StorageNames.ProcessingActivitiesTable), "Processing activity",
        activity => activity.Id,
        activity => new Dictionary<string, object?>
        {
            ["Status"] = activity.Status.ToString(),
            ["Owner"] = activity.Owner,
            ["LegalBasis"] = activity.LegalBasis.ToString(),
            ["Version"] = activity.Version,
        });

    public async Task<StoredProcessingActivity?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await _rows.GetAsync(tenantId, id, cancellationToken) is { } found ? new StoredProcessingActivity(found.Document, found.ETag) : null;

    public Task<ProcessingActivity> AddAsync(string tenantId, ProcessingActivity activity, CancellationToken cancellationToken) =>
        _rows.AddAsync(tenantId, activity, cancellationToken);

    public Task<Result<ProcessingActivity>> ReplaceAsync(string tenantId, ProcessingActivity activity, ETag current, CancellationToken cancellationToken) =>
        _rows.ReplaceAsync(tenantId, activity, current, cancellationToken);

    public Task<Result<bool>> DeleteAsync(string tenantId, string id, ETag current, CancellationToken cancellationToken) =>
        _rows.DeleteAsync(tenantId, id, current, cancellationToken);

    public Task<(IReadOnlyList<ProcessingActivity> Items, string? NextToken)> ListAsync(
        string tenantId, ProcessingActivityFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, Query(filter), pageSize, continuationToken, cancellationToken);

    public IAsyncEnumerable<ProcessingActivity> ScanAsync(string tenantId, ProcessingActivityFilter filter, CancellationToken cancellationToken) =>
        _rows.ScanAsync(tenantId, Query(filter), cancellationToken);

    private static string Query(ProcessingActivityFilter filter) => TableFilter.All(
        filter.Status is { } status ? TableClient.CreateQueryFilter($"Status eq {status.ToString()}") : null,
        filter.Owner is { } owner ? TableClient.CreateQueryFilter($"Owner eq {owner}") : null,
        filter.LegalBasis is { } basis ? TableClient.CreateQueryFilter($"LegalBasis eq {basis.ToString()}") : null);
}
