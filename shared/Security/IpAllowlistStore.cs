using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Security;

/// <summary>Each tenant's whole allowlist in one row, so that a change is one write (see <see cref="TenantDocuments"/>).</summary>
public sealed class IpAllowlistStore(HubStorage storage)
{
    private const string Row = "ip-allowlist";

    private TableClient Table => storage.Primary.Table(StorageNames.IpAllowlistsTable);

    /// <summary>The stored list with the ETag that guards the next write; null when the tenant never had one.</summary>
    public Task<(IpAllowlist List, ETag ETag)?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        TenantDocuments.GetAsync<IpAllowlist>(Table, tenantId, Row, cancellationToken);

    /// <summary>Creates the row when <paramref name="current"/> is null, else replaces it if unchanged since read.</summary>
    public Task<Result<IpAllowlist>> SaveAsync(IpAllowlist list, ETag? current, CancellationToken cancellationToken) =>
        TenantDocuments.SaveAsync(Table, list.TenantId, Row, list, current, "The IP allowlist was changed by someone else; read it again and retry.", cancellationToken);
}
