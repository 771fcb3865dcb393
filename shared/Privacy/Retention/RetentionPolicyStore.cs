using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>A policy as read, with the storage ETag that guards the next write.</summary>
public sealed record StoredRetentionPolicy(RetentionPolicy Policy, ETag ETag);

/// <summary>Retention policies: partition = tenant, row = policy id, the policy as one JSON document beside an <c>Enabled</c> column.</summary>
public sealed class RetentionPolicyStore(HubStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private TableClient Table => storage.Primary.Table(StorageNames.RetentionPoliciesTable);

    public async Task<StoredRetentionPolicy?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, id, cancellationToken: cancellationToken);
        return row.HasValue ? new StoredRetentionPolicy(ToPolicy(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Adds a new policy; ids are random, so a clash is a bug, not a client mistake, and throws.</summary>
    public async Task<RetentionPolicy> AddAsync(string tenantId, RetentionPolicy policy, CancellationToken cancellationToken)
    {
        await Table.AddEntityAsync(ToEntity(tenantId, policy), cancellationToken);
        return policy;
    }

    public async Task<Result<RetentionPolicy>> ReplaceAsync(string tenantId, RetentionPolicy policy, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(tenantId, policy), current, TableUpdateMode.Replace, cancellationToken);
            return policy;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return Failure.PreconditionFailed($"Retention policy {policy.Id} was changed by someone else; read it again and retry.");
        }
    }

    public async Task<Result<bool>> DeleteAsync(string tenantId, string id, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(tenantId, id, current, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return Failure.PreconditionFailed($"Retention policy {id} was changed by someone else; read it again and retry.");
        }
    }

    public async Task<(IReadOnlyList<RetentionPolicy> Items, string? NextToken)> ListAsync(
        string tenantId, bool? enabled, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await foreach (var page in Table.QueryAsync<TableEntity>(Query(tenantId, enabled), pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToPolicy).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>The tenant's enabled policies in id order.</summary>
    public async IAsyncEnumerable<RetentionPolicy> EnabledAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(Query(tenantId, true), 1000, cancellationToken: cancellationToken))
        {
            yield return ToPolicy(row);
        }
    }

    private static string Query(string tenantId, bool? enabled) => TableFilter.All(
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"),
        enabled is { } value ? TableClient.CreateQueryFilter($"Enabled eq {value}") : null);

    private static TableEntity ToEntity(string tenantId, RetentionPolicy policy) => new(tenantId, policy.Id)
    {
        ["Document"] = JsonSerializer.Serialize(policy, Json),
        ["Enabled"] = policy.Enabled,
        ["Version"] = policy.Version,
    };

    private static RetentionPolicy ToPolicy(TableEntity row) => JsonSerializer.Deserialize<RetentionPolicy>(row.GetString("Document")!, Json)!;
}
