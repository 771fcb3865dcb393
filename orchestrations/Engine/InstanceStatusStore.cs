using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>
/// The Instances table: one queryable status row per instance, a projection of the sentinel written after each
/// checkpoint that changes what a status query shows. The reconciler repairs it when a crash left it behind.
/// </summary>
public sealed class InstanceStatusStore(HubStorage storage, TaskHubNames names, PayloadStore payloads)
{
    public TableClient Table => storage.Primary.Table(names.InstancesTable);

    public async Task<OrchestrationMetadata?> GetAsync(string instanceId, bool withPayloads, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(instanceId, "", cancellationToken: cancellationToken);
        return row.HasValue ? await ToMetadataAsync(row.Value!, withPayloads, cancellationToken) : null;
    }

    /// <summary>The execution the status row was written for and the checkpoint it reflects (-1 before the first).</summary>
    public async Task<(string ExecutionId, long Checkpoint)?> GetPositionAsync(string instanceId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(instanceId, "", select: ["ExecutionId", "Checkpoint"], cancellationToken: cancellationToken);
        return row.HasValue ? (row.Value!.GetString("ExecutionId") ?? "", row.Value.GetInt64("Checkpoint") ?? -1) : null;
    }

    /// <summary>
    /// Writes the Pending row of a new instance or of a new execution of a finished one. Returns false, changing
    /// nothing, when the instance is still active in another execution; a repeated call for the same execution
    /// leaves the row as it is (it may have moved on).
    /// </summary>
    public async Task<bool> WritePendingAsync(string instanceId, NewInstance instance, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(instanceId, "", select: ["Status", "ExecutionId"], cancellationToken: cancellationToken);
        if (current.HasValue)
        {
            var status = Enum.Parse<OrchestrationRuntimeStatus>(current.Value!.GetString("Status") ?? nameof(OrchestrationRuntimeStatus.Pending));
            if (current.Value.GetString("ExecutionId") == instance.ExecutionId)
            {
                return true;
            }
            if (!status.IsTerminal())
            {
                return false;
            }
        }
        var row = new TableEntity(instanceId, "")
        {
            ["Name"] = instance.Name.Name,
            ["Version"] = instance.Name.Version,
            ["Status"] = nameof(OrchestrationRuntimeStatus.Pending),
            ["ExecutionId"] = instance.ExecutionId,
            ["TenantId"] = instance.TenantId,
            ["ParentInstanceId"] = instance.ParentInstanceId,
            ["Input"] = instance.Input is null ? null : await payloads.StoreAsync(instanceId, instance.Input, cancellationToken),
            ["CreatedAt"] = now,
            ["LastUpdatedAt"] = now,
            ["Checkpoint"] = -1L,
        };
        try
        {
            if (current.HasValue)
            {
                await Table.UpdateEntityAsync(row, current.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await Table.AddEntityAsync(row, cancellationToken);
            }
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Copies the sentinel into the status row unless the row already shows this checkpoint or a later one.</summary>
    public async Task UpdateAsync(string instanceId, Sentinel sentinel, string? serializedInput, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var current = await Table.GetEntityIfExistsAsync<TableEntity>(instanceId, "", select: ["Checkpoint"], cancellationToken: cancellationToken);
            if (current.HasValue && (current.Value!.GetInt64("Checkpoint") ?? -1) >= sentinel.Checkpoints)
            {
                return;
            }
            var row = new TableEntity(instanceId, "")
            {
                ["Name"] = sentinel.Name.Name,
                ["Version"] = sentinel.Name.Version,
                ["Status"] = sentinel.Status.ToString(),
                ["ExecutionId"] = sentinel.ExecutionId,
                ["TenantId"] = sentinel.TenantId,
                ["ParentInstanceId"] = sentinel.ParentInstanceId,
                ["CreatedAt"] = sentinel.CreatedAt,
                ["LastUpdatedAt"] = sentinel.LastUpdatedAt,
                ["CompletedAt"] = sentinel.CompletedAt,
                ["Output"] = sentinel.Output is null ? null : await payloads.StoreAsync(instanceId, sentinel.Output, cancellationToken),
                ["CustomStatus"] = sentinel.CustomStatus,
                ["Failure"] = sentinel.Failure is null ? null : JsonSerializer.Serialize(sentinel.Failure, DurableJson.Options),
                ["Checkpoint"] = sentinel.Checkpoints,
            };
            if (serializedInput is not null)
            {
                row["Input"] = await payloads.StoreAsync(instanceId, serializedInput, cancellationToken);
            }
            try
            {
                if (current.HasValue)
                {
                    await Table.UpdateEntityAsync(row, current.Value!.ETag, TableUpdateMode.Merge, cancellationToken);
                }
                else
                {
                    await Table.AddEntityAsync(row, cancellationToken);
                }
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another worker updated the row in between: read again and compare checkpoints.
            }
        }
    }

    public async Task<(IReadOnlyList<OrchestrationMetadata> Instances, string? ContinuationToken)> QueryAsync(
        OrchestrationQuery query, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("instances", query.CreatedFrom, query.CreatedTo, query.TenantId, query.InstanceIdPrefix,
            string.Join(',', query.Statuses?.Order() ?? Enumerable.Empty<OrchestrationRuntimeStatus>()));
        if (!ContinuationToken.TryDecode(query.ContinuationToken, scope, out var sdkToken))
        {
            throw new ArgumentException("The continuation token is not valid for this query.", nameof(query));
        }
        var filter = TableFilter.All(
            query.CreatedFrom is { } from ? TableClient.CreateQueryFilter($"CreatedAt ge {from}") : null,
            query.CreatedTo is { } to ? TableClient.CreateQueryFilter($"CreatedAt le {to}") : null,
            query.TenantId is { } tenant ? TableClient.CreateQueryFilter($"TenantId eq {tenant}") : null,
            query.InstanceIdPrefix is { Length: > 0 } prefix
                ? TableClient.CreateQueryFilter($"PartitionKey ge {prefix} and PartitionKey lt {RowKeys.PrefixEnd(prefix)}")
                : null,
            query.Statuses is { Count: > 0 } statuses
                ? string.Join(" or ", statuses.Select(status => TableClient.CreateQueryFilter($"Status eq {status.ToString()}")))
                : null);
        var pageSize = Math.Clamp(query.PageSize, 1, 1000);
        await foreach (var page in Table.QueryAsync<TableEntity>(filter.Length == 0 ? null : filter, pageSize, cancellationToken: cancellationToken).AsPages(sdkToken, pageSize))
        {
            var instances = new List<OrchestrationMetadata>(page.Values.Count);
            foreach (var row in page.Values)
            {
                instances.Add(await ToMetadataAsync(row, query.FetchInputsAndOutputs, cancellationToken));
            }
            return (instances, ContinuationToken.Encode(page.ContinuationToken, scope));
        }
        return ([], null);
    }

    /// <summary>What a Pending row says about its start, so that a start lost before reaching the inbox can be sent again.</summary>
    public async Task<NewInstance?> GetPendingStartAsync(string instanceId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(instanceId, "", cancellationToken: cancellationToken);
        if (!row.HasValue || row.Value!.GetString("Status") != nameof(OrchestrationRuntimeStatus.Pending) || row.Value.GetString("ExecutionId") is not { } executionId)
        {
            return null;
        }
        return new NewInstance(new TaskName(row.Value.GetString("Name") ?? "", row.Value.GetString("Version")), executionId,
            row.Value.GetString("TenantId"), row.Value.GetString("ParentInstanceId"), await payloads.LoadAsync(row.Value.GetString("Input"), cancellationToken));
    }

    public async Task DeleteAsync(string instanceId, CancellationToken cancellationToken) =>
        await Table.DeleteEntityAsync(instanceId, "", ETag.All, cancellationToken);

    private async Task<OrchestrationMetadata> ToMetadataAsync(TableEntity row, bool withPayloads, CancellationToken cancellationToken) =>
        new(row.GetString("Name") ?? "", row.PartitionKey)
        {
            Version = row.GetString("Version"),
            RuntimeStatus = Enum.Parse<OrchestrationRuntimeStatus>(row.GetString("Status") ?? nameof(OrchestrationRuntimeStatus.Pending)),
            CreatedAt = row.GetDateTimeOffset("CreatedAt") ?? default,
            LastUpdatedAt = row.GetDateTimeOffset("LastUpdatedAt") ?? default,
            CompletedAt = row.GetDateTimeOffset("CompletedAt"),
            TenantId = row.GetString("TenantId"),
            ParentInstanceId = row.GetString("ParentInstanceId"),
            SerializedInput = withPayloads ? await payloads.LoadAsync(row.GetString("Input"), cancellationToken) : null,
            SerializedOutput = withPayloads ? await payloads.LoadAsync(row.GetString("Output"), cancellationToken) : null,
            SerializedCustomStatus = row.GetString("CustomStatus"),
            FailureDetails = row.GetString("Failure") is { } failure ? JsonSerializer.Deserialize<TaskFailureDetails>(failure, DurableJson.Options) : null,
        };
}
