using Azure;
using Azure.Data.Tables;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Team;

/// <summary>Delegations per tenant (partition = tenant id, row = delegation id), active and ended.</summary>
public sealed class DelegationStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.DelegationsTable);

    public async Task AddAsync(string tenantId, Delegation delegation, CancellationToken cancellationToken) =>
        await Table.AddEntityAsync(ToEntity(tenantId, delegation), cancellationToken);

    public async Task<(Delegation Delegation, ETag ETag)?> GetAsync(string tenantId, string delegationId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, delegationId, cancellationToken: cancellationToken);
        return row.HasValue ? (ToDelegation(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>The tenant's active delegations and those ended since <paramref name="endedSince"/>.</summary>
    public Task<IReadOnlyList<Delegation>> ListAsync(string tenantId, DateTimeOffset endedSince, CancellationToken cancellationToken) =>
        QueryAsync(TableClient.CreateQueryFilter(
            $"PartitionKey eq {tenantId} and (Status eq {nameof(DelegationStatus.Active)} or EndedAt ge {endedSince})"), cancellationToken);

    /// <summary>Delegations not ended yet, of one user or (null) of every user of the tenant; some may have expired.</summary>
    public Task<IReadOnlyList<Delegation>> ListActiveAsync(string tenantId, string? userId, CancellationToken cancellationToken) =>
        QueryAsync(TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and Status eq {nameof(DelegationStatus.Active)}"),
            userId is null ? null : TableClient.CreateQueryFilter($"UserId eq {userId}")), cancellationToken);

    /// <summary>Active delegations of every tenant that expired at or before <paramref name="now"/>, with their tenant and ETag.</summary>
    public async Task<IReadOnlyList<(string TenantId, Delegation Delegation, ETag ETag)>> ListDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = new List<(string, Delegation, ETag)>();
        var query = TableClient.CreateQueryFilter($"Status eq {nameof(DelegationStatus.Active)} and ExpiresAt le {now}");
        await foreach (var row in Table.QueryAsync<TableEntity>(query, cancellationToken: cancellationToken))
        {
            due.Add((row.PartitionKey, ToDelegation(row), row.ETag));
        }
        return due;
    }

    /// <summary>Replaces the delegation if unchanged since read; false when someone else changed it meanwhile.</summary>
    public async Task<bool> ReplaceAsync(string tenantId, Delegation delegation, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(tenantId, delegation), current, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    private async Task<IReadOnlyList<Delegation>> QueryAsync(string filter, CancellationToken cancellationToken)
    {
        var delegations = new List<Delegation>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            delegations.Add(ToDelegation(row));
        }
        return delegations;
    }

    private static TableEntity ToEntity(string tenantId, Delegation delegation) => new(tenantId, delegation.Id)
    {
        ["UserId"] = delegation.UserId,
        ["Role"] = delegation.Role.ToString(),
        ["ExpiresAt"] = delegation.ExpiresAt,
        ["Reason"] = delegation.Reason,
        ["CreatedAt"] = delegation.CreatedAt,
        ["DelegatedBy"] = delegation.DelegatedBy,
        ["Status"] = delegation.Status.ToString(),
        ["EndedAt"] = delegation.EndedAt,
        ["EndedBy"] = delegation.EndedBy,
        ["EndReason"] = delegation.EndReason,
    };

    private static Delegation ToDelegation(TableEntity row) => new(
        row.RowKey,
        row.GetString("UserId")!,
        Enum.Parse<Role>(row.GetString("Role")!),
        row.GetDateTimeOffset("ExpiresAt")!.Value,
        row.GetString("Reason") ?? "",
        row.GetDateTimeOffset("CreatedAt")!.Value,
        row.GetString("DelegatedBy") ?? "",
        Enum.Parse<DelegationStatus>(row.GetString("Status")!),
        row.GetDateTimeOffset("EndedAt"),
        row.GetString("EndedBy"),
        row.GetString("EndReason"));
}
