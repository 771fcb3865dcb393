using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>
/// Retention runs: partition = tenant, row = run id (which begins with the request time, so a listing is oldest first),
/// the run as one JSON document beside a <c>Status</c> column.
/// </summary>
public sealed class RetentionRunStore(HubStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private TableClient Table => storage.Primary.Table(StorageNames.RetentionRunsTable);

    public async Task<RetentionRun?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, id, cancellationToken: cancellationToken);
        return row.HasValue ? ToRun(row.Value!) : null;
    }

    /// <summary>Adds the run; false when a run with its id exists already (a scheduled occurrence started twice).</summary>
    public async Task<bool> TryAddAsync(string tenantId, RetentionRun run, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(tenantId, run), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Saves the run's new state; only its own orchestration writes after the start, one step at a time.</summary>
    public async Task SaveAsync(string tenantId, RetentionRun run, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(ToEntity(tenantId, run), TableUpdateMode.Replace, cancellationToken);

    public async Task<bool> AnyRunningAsync(string tenantId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and Status eq {nameof(RetentionRunStatus.Running)}");
        await foreach (var _ in Table.QueryAsync<TableEntity>(filter, 1, ["RowKey"], cancellationToken))
        {
            return true;
        }
        return false;
    }

    public async Task<(IReadOnlyList<RetentionRun> Items, string? NextToken)> ListAsync(
        string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}");
        await foreach (var page in Table.QueryAsync<TableEntity>(filter, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToRun).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    private static TableEntity ToEntity(string tenantId, RetentionRun run) => new(tenantId, run.Id)
    {
        ["Document"] = JsonSerializer.Serialize(run, Json),
        ["Status"] = run.Status.ToString(),
    };

    private static RetentionRun ToRun(TableEntity row) => JsonSerializer.Deserialize<RetentionRun>(row.GetString("Document")!, Json)!;
}
