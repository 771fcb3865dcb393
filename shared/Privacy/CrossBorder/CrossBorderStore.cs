using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>Each tenant's cross-border rules in one row, so that a change is one write (see <see cref="TenantDocuments"/>).</summary>
public sealed class CrossBorderStore(HubStorage storage)
{
    private const string Row = "cross-border";

    private TableClient Table => storage.Primary.Table(StorageNames.CrossBorderRulesTable);

    /// <summary>The stored rules with the ETag that guards the next write; null when the tenant never saved any.</summary>
    public Task<(CrossBorderRules Rules, ETag ETag)?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        TenantDocuments.GetAsync<CrossBorderRules>(Table, tenantId, Row, cancellationToken);

    /// <summary>Creates the row when <paramref name="current"/> is null, else replaces it if unchanged since read.</summary>
    public Task<Result<CrossBorderRules>> SaveAsync(CrossBorderRules rules, ETag? current, CancellationToken cancellationToken) =>
        TenantDocuments.SaveAsync(Table, rules.TenantId, Row, rules, current,
            "The cross-border rules were changed by someone else; read them again and retry.", cancellationToken);
}
