using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Security;

/// <summary>Each tenant's whole SSO configuration in one row, so that a change is one write (see <see cref="TenantDocuments"/>).</summary>
public sealed class SsoSettingsStore(HubStorage storage)
{
    private const string Row = "sso";

    private TableClient Table => storage.Primary.Table(StorageNames.SsoSettingsTable);

    /// <summary>The stored settings (without the directory id) and the ETag guarding the next write; null when never set.</summary>
    public async Task<(SsoSettings Settings, ETag ETag)?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        await TenantDocuments.GetAsync<SsoSettings>(Table, tenantId, Row, cancellationToken) is { } stored
            ? (stored.Document with { DirectoryId = null }, stored.ETag)
            : null;

    /// <summary>Creates the row when <paramref name="current"/> is null, else replaces it if unchanged since read.</summary>
    public Task<Result<SsoSettings>> SaveAsync(SsoSettings settings, ETag? current, CancellationToken cancellationToken) =>
        TenantDocuments.SaveAsync(Table, settings.TenantId, Row, settings with { DirectoryId = null }, current,
            "The SSO settings were changed by someone else; read them again and retry.", cancellationToken);
}
