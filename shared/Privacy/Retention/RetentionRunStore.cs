using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>
/// Retention runs: partition = tenant, row = run id (which begins with the request time, so a listing is oldest first),
/// the run as one JSON document beside a <c>Status</c> column. Row <c>~lock</c> (after every run id) names the run under
/// way: taken by adding it, or by replacing it guarded by its ETag once its run has ended, so of two starts exactly one
/// gets it; deleted when the run ends.
/// </summary>
public sealed class RetentionRunStore(HubStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private const string LockRow = "~lock";

    /// <summary>How long a lock may name a run that was never added before another start may take it over.</summary>
    public static readonly TimeSpan OrphanedLockAge = TimeSpan.FromMinutes(5);

    private TableClient Table => storage.Primary.Table(StorageNames.RetentionRunsTable);

    public async Task<RetentionRun?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (id == LockRow)
        {
            return null;
        }
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

    /// <summary>
    /// Takes the tenant's run lock for <paramref name="runId"/>; false when another run holds it: one that is running,
    /// or one named by a lock younger than <see cref="OrphanedLockAge"/> whose run is not added yet.
    /// </summary>
    public async Task<bool> TryLockAsync(string tenantId, string runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(tenantId, LockRow) { ["RunId"] = runId, ["LockedAt"] = now };
        try
        {
            await Table.AddEntityAsync(entity, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
        }
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, LockRow, cancellationToken: cancellationToken);
        if (!current.HasValue)
        {
            return false;
        }
        var holder = await GetAsync(tenantId, current.Value!.GetString("RunId") ?? "", cancellationToken);
        var orphaned = holder is null && current.Value.GetDateTimeOffset("LockedAt") is { } lockedAt && now - lockedAt > OrphanedLockAge;
        if (holder?.Status == RetentionRunStatus.Running || (holder is null && !orphaned))
        {
            return false;
        }
        try
        {
            await Table.UpdateEntityAsync(entity, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Releases the lock if <paramref name="runId"/> holds it; a lock already released or taken over is left alone.</summary>
    public async Task UnlockAsync(string tenantId, string runId, CancellationToken cancellationToken)
    {
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, LockRow, cancellationToken: cancellationToken);
        if (!current.HasValue || current.Value!.GetString("RunId") != runId)
        {
            return;
        }
        try
        {
            await Table.DeleteEntityAsync(tenantId, LockRow, current.Value.ETag, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
        }
    }

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
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey lt {LockRow}");
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
