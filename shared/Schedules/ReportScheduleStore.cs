using System.Runtime.CompilerServices;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Schedules;

/// <summary>Report and export schedules: one row per schedule, with <c>Enabled</c> and <c>NextRunAt</c> columns the scheduler queries.</summary>
public sealed class ReportScheduleStore(HubStorage storage)
{
    private readonly DocumentRows<ReportSchedule> _rows = new(Table(storage), "Schedule", schedule => schedule.Id,
        schedule => new Dictionary<string, object?> { ["Enabled"] = schedule.Enabled, ["NextRunAt"] = schedule.NextRunAt, ["Version"] = schedule.Version });

    public async Task<(ReportSchedule Schedule, ETag ETag)?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await _rows.GetAsync(tenantId, id, cancellationToken);

    public Task<ReportSchedule> AddAsync(string tenantId, ReportSchedule schedule, CancellationToken cancellationToken) =>
        _rows.AddAsync(tenantId, schedule, cancellationToken);

    public Task<Result<ReportSchedule>> ReplaceAsync(string tenantId, ReportSchedule schedule, ETag current, CancellationToken cancellationToken) =>
        _rows.ReplaceAsync(tenantId, schedule, current, cancellationToken);

    public Task<Result<bool>> DeleteAsync(string tenantId, string id, ETag current, CancellationToken cancellationToken) =>
        _rows.DeleteAsync(tenantId, id, current, cancellationToken);

    public Task<(IReadOnlyList<ReportSchedule> Items, string? NextToken)> ListAsync(
        string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, null, pageSize, continuationToken, cancellationToken);

    public async Task<int> CountAsync(string tenantId, CancellationToken cancellationToken)
    {
        var count = 0;
        await foreach (var _ in Table(storage)().QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), 1000, ["RowKey"], cancellationToken))
        {
            count++;
        }
        return count;
    }

    /// <summary>The enabled schedules of every tenant whose next occurrence is at or before <paramref name="now"/>, with the ETag that guards advancing them.</summary>
    public async IAsyncEnumerable<(string TenantId, ReportSchedule Schedule, ETag ETag)> DueAsync(
        DateTimeOffset now, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"Enabled eq true and NextRunAt le {now}");
        await foreach (var row in Table(storage)().QueryAsync<TableEntity>(filter, 200, ["PartitionKey", "RowKey"], cancellationToken))
        {
            if (await _rows.GetAsync(row.PartitionKey, row.RowKey, cancellationToken) is { } found)
            {
                yield return (row.PartitionKey, found.Document, found.ETag);
            }
        }
    }

    private static Func<TableClient> Table(HubStorage storage) => () => storage.Primary.Table(StorageNames.ReportSchedulesTable);
}
