using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>
/// Restore requests (partition = tenant, row = restore id, the request as JSON) and, per tenant, the one row that
/// says which restore is under way: taking it is how a tenant gets at most one restore at a time.
/// </summary>
public sealed class RestoreStore(HubStorage storage)
{
    private const string ActiveRowKey = "active";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() } };

    private TableClient Table => storage.Primary.Table(StorageNames.RestoreRequestsTable);

    /// <summary>Adds the request and makes it the tenant's active restore; false when another restore is active.</summary>
    public async Task<bool> AddAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(new TableEntity(request.TenantId, ActiveRowKey) { ["RestoreId"] = request.Id }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
        await Table.UpsertEntityAsync(ToEntity(request), TableUpdateMode.Replace, cancellationToken);
        return true;
    }

    /// <summary>The restore under way in the tenant, if any.</summary>
    public async Task<string?> ActiveAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, ActiveRowKey, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("RestoreId") : null;
    }

    /// <summary>Frees the tenant for the next restore once <paramref name="restoreId"/> has finished.</summary>
    public async Task ReleaseAsync(string tenantId, string restoreId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, ActiveRowKey, cancellationToken: cancellationToken);
        if (row.HasValue && row.Value!.GetString("RestoreId") == restoreId)
        {
            await Table.DeleteEntityAsync(tenantId, ActiveRowKey, row.Value.ETag, cancellationToken);
        }
    }

    public async Task<RestoreRequest?> GetAsync(string tenantId, string restoreId, CancellationToken cancellationToken) =>
        (await GetStoredAsync(tenantId, restoreId, cancellationToken))?.Request;

    /// <summary>The request with the ETag that guards the next change.</summary>
    public async Task<(RestoreRequest Request, ETag ETag)?> GetStoredAsync(string tenantId, string restoreId, CancellationToken cancellationToken)
    {
        if (restoreId == ActiveRowKey)
        {
            return null;
        }
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, restoreId, cancellationToken: cancellationToken);
        return row.HasValue ? (ToRequest(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Replaces the request; false when it changed since <paramref name="etag"/> was read.</summary>
    public async Task<bool> UpdateAsync(RestoreRequest request, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(request), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    public async Task SaveAsync(RestoreRequest request, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(ToEntity(request), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The tenant's restores, newest first (ids start with their request time).</summary>
    public async Task<IReadOnlyList<RestoreRequest>> ListAsync(string tenantId, int max, CancellationToken cancellationToken)
    {
        var list = new List<RestoreRequest>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ne {ActiveRowKey}"), cancellationToken: cancellationToken))
        {
            list.Add(ToRequest(row));
        }
        return [.. list.OrderByDescending(request => request.RequestedAt).Take(max)];
    }

    /// <summary>Every tenant's restores (the operators' restore operations centre).</summary>
    public async IAsyncEnumerable<RestoreRequest> ListAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ne {ActiveRowKey}"), cancellationToken: cancellationToken))
        {
            yield return ToRequest(row);
        }
    }

    private static TableEntity ToEntity(RestoreRequest request) => new(request.TenantId, request.Id)
    {
        ["Status"] = request.Status.ToString(),
        ["RequestedAt"] = request.RequestedAt,
        ["Document"] = JsonSerializer.Serialize(request, Json),
    };

    private static RestoreRequest ToRequest(TableEntity row) =>
        JsonSerializer.Deserialize<RestoreRequest>(row.GetString("Document")!, Json)!;
}
