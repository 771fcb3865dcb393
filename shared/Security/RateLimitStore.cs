using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Security;

/// <summary>The rate limits tenants chose for themselves: one row per tenant (partition = tenant id).</summary>
public sealed class RateLimitStore(HubStorage storage)
{
    private const string RowKey = "settings";

    private TableClient Table => storage.Primary.Table(StorageNames.RateLimitsTable);

    public async Task<RateLimitSettings?> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKey, cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        var entity = row.Value!;
        return new RateLimitSettings(
            entity.GetInt32("RequestsPerSecond") ?? 0,
            entity.GetInt32("Burst") ?? 0,
            entity.GetInt32("ApiKeyRequestsPerSecond") ?? 0,
            entity.GetInt32("ApiKeyBurst") ?? 0);
    }

    public async Task SaveAsync(string tenantId, RateLimitSettings settings, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(new TableEntity(tenantId, RowKey)
        {
            ["RequestsPerSecond"] = settings.RequestsPerSecond,
            ["Burst"] = settings.Burst,
            ["ApiKeyRequestsPerSecond"] = settings.ApiKeyRequestsPerSecond,
            ["ApiKeyBurst"] = settings.ApiKeyBurst,
        }, TableUpdateMode.Replace, cancellationToken);
}
