using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Settings;

/// <summary>API keys per tenant (partition = tenant id, row = key id), with the SHA-256 of the secret.</summary>
public sealed class ApiKeyStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.ApiKeysTable);

    public async Task AddAsync(ApiKey key, string secretHash, CancellationToken cancellationToken)
    {
        var entity = ToEntity(key);
        entity["SecretHash"] = secretHash;
        await Table.AddEntityAsync(entity, cancellationToken);
    }

    public async Task<(ApiKey Key, string SecretHash)?> GetAsync(string tenantId, string keyId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, keyId, cancellationToken: cancellationToken);
        return row.HasValue ? (ToApiKey(row.Value!), row.Value!.GetString("SecretHash") ?? "") : null;
    }

    public async Task<IReadOnlyList<ApiKey>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var keys = new List<ApiKey>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), cancellationToken: cancellationToken))
        {
            keys.Add(ToApiKey(row));
        }
        return keys;
    }

    /// <summary>Updates the mutable columns (revocation, last use) without touching the secret hash.</summary>
    public async Task UpdateAsync(ApiKey key, CancellationToken cancellationToken) =>
        await Table.UpdateEntityAsync(ToEntity(key), ETag.All, TableUpdateMode.Merge, cancellationToken);

    private static TableEntity ToEntity(ApiKey key) => new(key.TenantId, key.Id)
    {
        ["Name"] = key.Name,
        ["Scopes"] = string.Join(' ', key.Scopes),
        ["CreatedAt"] = key.CreatedAt,
        ["CreatedBy"] = key.CreatedBy,
        ["ExpiresAt"] = key.ExpiresAt,
        ["RevokedAt"] = key.RevokedAt,
        ["LastUsedAt"] = key.LastUsedAt,
    };

    private static ApiKey ToApiKey(TableEntity row) => new(
        row.RowKey,
        row.PartitionKey,
        row.GetString("Name") ?? "",
        (row.GetString("Scopes") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries),
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetString("CreatedBy") ?? "",
        row.GetDateTimeOffset("ExpiresAt") ?? default,
        row.GetDateTimeOffset("RevokedAt"),
        row.GetDateTimeOffset("LastUsedAt"));
}
