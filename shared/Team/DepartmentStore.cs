using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Team;

/// <summary>Each tenant's departments in one row, so that a change is one write (see <see cref="TenantDocuments"/>).</summary>
public sealed class DepartmentStore(HubStorage storage)
{
    private const string Row = "departments";

    private TableClient Table => storage.Primary.Table(StorageNames.DepartmentsTable);

    /// <summary>The tenant's departments and the ETag guarding the next write (null before the first department).</summary>
    public async Task<(DepartmentList List, ETag? ETag)> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        await TenantDocuments.GetAsync<DepartmentList>(Table, tenantId, Row, cancellationToken) is { } stored
            ? (stored.Document, stored.ETag)
            : (new DepartmentList([]), null);

    /// <summary>Creates the row when <paramref name="current"/> is null, else replaces it if unchanged since read.</summary>
    public Task<Result<DepartmentList>> SaveAsync(string tenantId, DepartmentList list, ETag? current, CancellationToken cancellationToken) =>
        TenantDocuments.SaveAsync(Table, tenantId, Row, list, current, "The departments were changed by someone else; read them again and retry.", cancellationToken);
}
