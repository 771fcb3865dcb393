using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;

namespace DataGovernance.Storage;

/// <summary>
/// A tenant's settings kept as one JSON document in one row (partition = tenant id), so that a change is a single
/// write guarded by the row's ETag: created when there was none, replaced only if unchanged since it was read.
/// </summary>
public static class TenantDocuments
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<(T Document, ETag ETag)?> GetAsync<T>(TableClient table, string tenantId, string rowKey, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, rowKey, cancellationToken: cancellationToken);
        return row.HasValue ? (JsonSerializer.Deserialize<T>(row.Value!.GetString("Document")!, Json)!, row.Value.ETag) : null;
    }

    /// <param name="conflict">What the 412 says when someone else changed the document meanwhile.</param>
    public static async Task<Result<T>> SaveAsync<T>(
        TableClient table, string tenantId, string rowKey, T document, ETag? current, string conflict, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(tenantId, rowKey) { ["Document"] = JsonSerializer.Serialize(document, Json) };
        try
        {
            if (current is { } etag)
            {
                await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await table.AddEntityAsync(entity, cancellationToken);
            }
            return document;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return Failure.PreconditionFailed(conflict);
        }
    }
}
