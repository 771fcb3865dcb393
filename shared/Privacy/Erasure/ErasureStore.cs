using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>
/// Erasures per tenant: row <c>{requestId}</c> holds the erasure as JSON; rows <c>{requestId}|{collection}|{recordId}</c>
/// the records it covers, each with its own state, so that the status shows exactly which records are done.
/// </summary>
public sealed class ErasureStore(HubStorage storage)
{
    private const int Attempts = 5;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private TableClient Table => storage.Primary.Table(StorageNames.PrivacyErasuresTable);

    public async Task<(Erasure Erasure, ETag ETag)?> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, requestId, cancellationToken: cancellationToken);
        return row.HasValue ? (JsonSerializer.Deserialize<Erasure>(row.Value!.GetString("Document")!, Json)!, row.Value.ETag) : null;
    }

    /// <summary>Adds the erasure; false when the request has one already.</summary>
    public async Task<bool> AddAsync(string tenantId, Erasure erasure, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(tenantId, erasure), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the erasure if unchanged since read; false when someone else changed it meanwhile.</summary>
    public async Task<bool> ReplaceAsync(string tenantId, Erasure erasure, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(tenantId, erasure), current, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Applies <paramref name="change"/> to the stored erasure under its ETag, again after a concurrent change.</summary>
    public async Task<Erasure> UpdateAsync(string tenantId, string requestId, Func<Erasure, Erasure> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (current, etag) = await GetAsync(tenantId, requestId, cancellationToken)
                ?? throw new InvalidOperationException($"There is no erasure for privacy request '{requestId}' in tenant {tenantId}.");
            var updated = change(current);
            if (updated == current || await ReplaceAsync(tenantId, updated, etag, cancellationToken))
            {
                return updated;
            }
            if (attempt == Attempts)
            {
                throw new InvalidOperationException($"The erasure of privacy request '{requestId}' kept changing under this update.");
            }
        }
    }

    public async Task SaveItemAsync(string tenantId, string requestId, ErasureItem item, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(new TableEntity(tenantId, ItemKey(requestId, item.Collection, item.RecordId))
        {
            ["Document"] = JsonSerializer.Serialize(item, Json),
        }, TableUpdateMode.Replace, cancellationToken);

    public async Task<ErasureItem?> GetItemAsync(string tenantId, string requestId, string collection, string recordId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, ItemKey(requestId, collection, recordId), cancellationToken: cancellationToken);
        return row.HasValue ? JsonSerializer.Deserialize<ErasureItem>(row.Value!.GetString("Document")!, Json) : null;
    }

    public async Task DeleteItemAsync(string tenantId, string requestId, string collection, string recordId, CancellationToken cancellationToken) =>
        await Table.DeleteEntityAsync(tenantId, ItemKey(requestId, collection, recordId), ETag.All, cancellationToken);

    /// <summary>The records the erasure covers, ordered by collection and record id.</summary>
    public async Task<IReadOnlyList<ErasureItem>> ItemsAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        var prefix = $"{requestId}|";
        var items = new List<ErasureItem>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["Document"], cancellationToken: cancellationToken))
        {
            items.Add(JsonSerializer.Deserialize<ErasureItem>(row.GetString("Document")!, Json)!);
        }
        return items;
    }

    /// <summary>
    /// The pseudonyms of the tenant's subjects whose erasure was approved: under way, completed, or failed after approval
    /// (it resumes from there). A rejected, expired or undecided erasure erased no one.
    /// </summary>
    public async Task<IReadOnlySet<string>> ErasedPseudonymsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var statuses = new[] { ErasureStatus.Erasing, ErasureStatus.Replicating, ErasureStatus.Certifying, ErasureStatus.Completed, ErasureStatus.Failed }
            .Select(status => TableClient.CreateQueryFilter($"Status eq {status.ToString()}"));
        var filter = TableFilter.All(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), string.Join(" or ", statuses));
        var pseudonyms = new HashSet<string>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, select: ["Document"], cancellationToken: cancellationToken))
        {
            if (JsonSerializer.Deserialize<Erasure>(row.GetString("Document")!, Json) is { ApprovedBy: not null } erasure)
            {
                pseudonyms.Add(erasure.Pseudonym);
            }
        }
        return pseudonyms;
    }

    private static TableEntity ToEntity(string tenantId, Erasure erasure) => new(tenantId, erasure.RequestId)
    {
        ["Document"] = JsonSerializer.Serialize(erasure with { Items = null, Links = null }, Json),
        ["Status"] = erasure.Status.ToString(),
    };

    private static string ItemKey(string requestId, string collection, string recordId) => $"{requestId}|{collection}|{recordId}";
}
