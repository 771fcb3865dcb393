using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Security;

/// <summary>One row per tenant (partition = tenant id) holding the whole allowlist, so that a change is one write.</summary>
public sealed class IpAllowlistStore(HubStorage storage)
{
    private const string Row = "ip-allowlist";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TableClient Table => storage.Primary.Table(StorageNames.IpAllowlistsTable);

    /// <summary>The stored list with the ETag that guards the next write; null when the tenant never had one.</summary>
    public async Task<(IpAllowlist List, ETag ETag)?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, Row, cancellationToken: cancellationToken);
        return row.HasValue ? (ToList(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Writes <paramref name="list"/>: creates the row when <paramref name="current"/> is null, else replaces it if unchanged.</summary>
    public async Task<Result<IpAllowlist>> SaveAsync(IpAllowlist list, ETag? current, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(list.TenantId, Row)
        {
            ["Entries"] = JsonSerializer.Serialize(list.Entries, Json),
            ["Version"] = list.Version,
            ["UpdatedAt"] = list.UpdatedAt,
            ["UpdatedBy"] = list.UpdatedBy,
        };
        try
        {
            if (current is { } etag)
            {
                await Table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await Table.AddEntityAsync(entity, cancellationToken);
            }
            return list;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return Failure.PreconditionFailed("The IP allowlist was changed by someone else; read it again and retry.");
        }
    }

    private static IpAllowlist ToList(TableEntity row) => new(
        row.PartitionKey,
        JsonSerializer.Deserialize<IpAllowlistEntry[]>(row.GetString("Entries") ?? "[]", Json) ?? [],
        row.GetInt64("Version") ?? 0,
        row.GetDateTimeOffset("UpdatedAt"),
        row.GetString("UpdatedBy"));
}
