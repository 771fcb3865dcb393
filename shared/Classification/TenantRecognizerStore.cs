using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Classification;

/// <summary>Each tenant's recognizers in one row, so that a change is one write (see <see cref="TenantDocuments"/>).</summary>
public sealed class TenantRecognizerStore(HubStorage storage)
{
    private const string Row = "recognizers";

    private TableClient Table => storage.Primary.Table(StorageNames.ClassificationRecognizersTable);

    /// <summary>The stored recognizers and the ETag guarding the next write; null when never set.</summary>
    public Task<(TenantRecognizers Recognizers, ETag ETag)?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        TenantDocuments.GetAsync<TenantRecognizers>(Table, tenantId, Row, cancellationToken);

    /// <summary>Creates the row when <paramref name="current"/> is null, else replaces it if unchanged since read.</summary>
    public Task<Result<TenantRecognizers>> SaveAsync(TenantRecognizers recognizers, ETag? current, CancellationToken cancellationToken) =>
        TenantDocuments.SaveAsync(Table, recognizers.TenantId, Row, recognizers, current,
            "The recognizers were changed by someone else; read them again and retry.", cancellationToken);
}
