using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>Restore points per tenant (partition = tenant id, row = restore point id).</summary>
public sealed class RestorePointStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.RestorePointsTable);

    public async Task AddAsync(RestorePoint point, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(point), cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // Recorded by an earlier attempt of the same activity.
        }
    }

    public async Task<RestorePoint?> GetAsync(string tenantId, string restorePointId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, restorePointId, cancellationToken: cancellationToken);
        return row.HasValue ? ToRestorePoint(row.Value!) : null;
    }

    /// <summary>The tenant's restore points, newest first (their number is bounded by the retention policy).</summary>
    public async Task<IReadOnlyList<RestorePoint>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var points = new List<RestorePoint>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), cancellationToken: cancellationToken))
        {
            points.Add(ToRestorePoint(row));
        }
        return [.. points.OrderByDescending(point => point.CreatedAt)];
    }

    /// <summary>Every tenant's restore points whose replica is still pending.</summary>
    public async Task<IReadOnlyList<RestorePoint>> ListPendingReplicationAsync(CancellationToken cancellationToken)
    {
        var points = new List<RestorePoint>();
        var filter = TableClient.CreateQueryFilter($"ReplicationStatus eq {nameof(ReplicationStatus.Pending)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            points.Add(ToRestorePoint(row));
        }
        return points;
    }

    /// <summary>Every tenant's restore points (the operators' overview).</summary>
    public async IAsyncEnumerable<RestorePoint> ListAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(cancellationToken: cancellationToken))
        {
            yield return ToRestorePoint(row);
        }
    }

    public async Task UpdateAsync(RestorePoint point, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(ToEntity(point), TableUpdateMode.Replace, cancellationToken);

    public async Task DeleteAsync(string tenantId, string restorePointId, CancellationToken cancellationToken) =>
        await Table.DeleteEntityAsync(tenantId, restorePointId, ETag.All, cancellationToken);

    private static TableEntity ToEntity(RestorePoint point) => new(point.TenantId, point.Id)
    {
        ["Kind"] = point.Kind.ToString(),
        ["CreatedAt"] = point.CreatedAt,
        ["Position"] = point.Position,
        ["PositionTime"] = point.PositionTime,
        ["RecordCount"] = point.RecordCount,
        ["ChunkCount"] = point.ChunkCount,
        ["CompressedBytes"] = point.CompressedBytes,
        ["RootHash"] = point.RootHash,
        ["ReplicationStatus"] = point.Replication.Status.ToString(),
        ["ReplicationReason"] = point.Replication.Reason,
        ["ReplicationAttempts"] = point.Replication.Attempts,
        ["ReplicatedAt"] = point.Replication.ReplicatedAt,
        ["NextReplicationAttemptAt"] = point.Replication.NextAttemptAt,
        ["LastIntegrityCheck"] = point.LastIntegrityCheck is null ? null : JsonSerializer.Serialize(point.LastIntegrityCheck, BackupJson.Options),
    };

    private static RestorePoint ToRestorePoint(TableEntity row) => new(
        row.RowKey,
        row.PartitionKey,
        Enum.Parse<RestorePointKind>(row.GetString("Kind") ?? nameof(RestorePointKind.OnDemand)),
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetInt64("Position") ?? 0,
        row.GetDateTimeOffset("PositionTime") ?? default,
        row.GetInt64("RecordCount") ?? 0,
        row.GetInt32("ChunkCount") ?? 0,
        row.GetInt64("CompressedBytes") ?? 0,
        row.GetString("RootHash") ?? "",
        new Replication(
            Enum.Parse<ReplicationStatus>(row.GetString("ReplicationStatus") ?? nameof(ReplicationStatus.Pending)),
            row.GetString("ReplicationReason"),
            row.GetInt32("ReplicationAttempts") ?? 0,
            row.GetDateTimeOffset("ReplicatedAt"),
            row.GetDateTimeOffset("NextReplicationAttemptAt")),
        row.GetString("LastIntegrityCheck") is { } check ? JsonSerializer.Deserialize<IntegrityCheck>(check, BackupJson.Options) : null);
}
