using Azure;
using Azure.Data.Tables;
using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>A policy as read, with the storage ETag that guards the next write.</summary>
public sealed record StoredRetentionPolicy(RetentionPolicy Policy, ETag ETag);

/// <summary>Retention policies: one row per policy, with an <c>Enabled</c> column.</summary>
public sealed class RetentionPolicyStore(HubStorage storage)
{
    private readonly DocumentRows<RetentionPolicy> _rows = new(() => storage.Primary.Table(StorageNames.RetentionPoliciesTable), "Retention policy",
        policy => policy.Id,
        policy => new Dictionary<string, object?> { ["Enabled"] = policy.Enabled, ["Version"] = policy.Version });

    public async Task<StoredRetentionPolicy?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await _rows.GetAsync(tenantId, id, cancellationToken) is { } found ? new StoredRetentionPolicy(found.Document, found.ETag) : null;

    public Task<RetentionPolicy> AddAsync(string tenantId, RetentionPolicy policy, CancellationToken cancellationToken) =>
        _rows.AddAsync(tenantId, policy, cancellationToken);

    public Task<Result<RetentionPolicy>> ReplaceAsync(string tenantId, RetentionPolicy policy, ETag current, CancellationToken cancellationToken) =>
        _rows.ReplaceAsync(tenantId, policy, current, cancellationToken);

    public Task<Result<bool>> DeleteAsync(string tenantId, string id, ETag current, CancellationToken cancellationToken) =>
        _rows.DeleteAsync(tenantId, id, current, cancellationToken);

    public Task<(IReadOnlyList<RetentionPolicy> Items, string? NextToken)> ListAsync(
        string tenantId, bool? enabled, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, Query(enabled), pageSize, continuationToken, cancellationToken);

    /// <summary>The tenant's enabled policies in id order.</summary>
    public IAsyncEnumerable<RetentionPolicy> EnabledAsync(string tenantId, CancellationToken cancellationToken) =>
        _rows.ScanAsync(tenantId, Query(true), cancellationToken);

    private static string? Query(bool? enabled) => enabled is { } value ? TableClient.CreateQueryFilter($"Enabled eq {value}") : null;
}
