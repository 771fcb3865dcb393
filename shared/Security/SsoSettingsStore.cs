using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Security;

/// <summary>One row per tenant (partition = tenant id) holding its whole SSO configuration, so that a change is one write.</summary>
public sealed class SsoSettingsStore(HubStorage storage)
{
    private const string Row = "sso";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private TableClient Table => storage.Primary.Table(StorageNames.SsoSettingsTable);

    /// <summary>The stored settings (without the directory id) and the ETag guarding the next write; null when never set.</summary>
    public async Task<(SsoSettings Settings, ETag ETag)?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, Row, cancellationToken: cancellationToken);
        return row.HasValue ? (ToSettings(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>Creates the row when <paramref name="current"/> is null, else replaces it if unchanged since read.</summary>
    public async Task<Result<SsoSettings>> SaveAsync(SsoSettings settings, ETag? current, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(settings.TenantId, Row)
        {
            ["AllowedDomains"] = JsonSerializer.Serialize(settings.AllowedDomains, Json),
            ["JustInTimeProvisioning"] = settings.JustInTimeProvisioning,
            ["GroupRoles"] = JsonSerializer.Serialize(settings.GroupRoles.Select(mapping => new StoredGroupRole(mapping.GroupId, mapping.Role.ToString())), Json),
            ["DefaultRole"] = settings.DefaultRole?.ToString(),
            ["Version"] = settings.Version,
            ["UpdatedAt"] = settings.UpdatedAt,
            ["UpdatedBy"] = settings.UpdatedBy,
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
            return settings;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return Failure.PreconditionFailed("The SSO settings were changed by someone else; read them again and retry.");
        }
    }

    private static SsoSettings ToSettings(TableEntity row) => new(
        row.PartitionKey,
        null,
        JsonSerializer.Deserialize<string[]>(row.GetString("AllowedDomains") ?? "[]", Json) ?? [],
        row.GetBoolean("JustInTimeProvisioning") ?? false,
        [.. (JsonSerializer.Deserialize<StoredGroupRole[]>(row.GetString("GroupRoles") ?? "[]", Json) ?? [])
            .Select(mapping => new SsoGroupRole(mapping.GroupId, Enum.Parse<Role>(mapping.Role)))],
        row.GetString("DefaultRole") is { } role ? Enum.Parse<Role>(role) : null,
        row.GetInt64("Version") ?? 0,
        row.GetDateTimeOffset("UpdatedAt"),
        row.GetString("UpdatedBy"));

    private sealed record StoredGroupRole(string GroupId, string Role);
}
