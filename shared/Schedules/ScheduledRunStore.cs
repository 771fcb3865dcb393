using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Schedules;

/// <summary>Runs of schedules: one row per run, keyed <c>{scheduleId}:{runId}</c> so that a schedule's runs list in occurrence order.</summary>
public sealed class ScheduledRunStore(HubStorage storage)
{
    private readonly DocumentRows<ScheduledRun> _rows = new(() => storage.Primary.Table(StorageNames.ScheduledRunsTable), "Run", Key,
        run => new Dictionary<string, object?> { ["Status"] = run.Status.ToString() });

    public async Task<(ScheduledRun Run, ETag ETag)?> GetAsync(string tenantId, string scheduleId, string runId, CancellationToken cancellationToken) =>
        await _rows.GetAsync(tenantId, $"{scheduleId}:{runId}", cancellationToken);

    /// <summary>Adds the run; false when a run of that occurrence exists already.</summary>
    public async Task<bool> TryAddAsync(string tenantId, ScheduledRun run, CancellationToken cancellationToken)
    {
        try
        {
            await _rows.AddAsync(tenantId, run, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    public Task<Result<ScheduledRun>> ReplaceAsync(string tenantId, ScheduledRun run, ETag current, CancellationToken cancellationToken) =>
        _rows.ReplaceAsync(tenantId, run, current, cancellationToken);

    public Task<(IReadOnlyList<ScheduledRun> Items, string? NextToken)> ListAsync(
        string tenantId, string scheduleId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, TableClient.CreateQueryFilter($"RowKey ge {scheduleId + ":"} and RowKey lt {scheduleId + ";"}"),
            pageSize, continuationToken, cancellationToken);

    private static string Key(ScheduledRun run) => $"{run.ScheduleId}:{run.Id}";
}
