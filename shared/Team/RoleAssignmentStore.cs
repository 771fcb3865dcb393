using Azure;
using Azure.Data.Tables;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Team;

/// <summary>Role assignments per tenant (partition = tenant id, row = user id).</summary>
public sealed class RoleAssignmentStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.RoleAssignmentsTable);

    public async Task<RoleAssignment?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, userId, cancellationToken: cancellationToken);
        return row.HasValue ? ToAssignment(row.Value!) : null;
    }

    public async Task<IReadOnlyList<RoleAssignment>> ListAsync(string tenantId, CancellationToken cancellationToken)
    {
        var assignments = new List<RoleAssignment>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), cancellationToken: cancellationToken))
        {
            assignments.Add(ToAssignment(row));
        }
        return assignments;
    }

    public async Task UpsertAsync(string tenantId, RoleAssignment assignment, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(ToEntity(tenantId, assignment), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Writes <paramref name="assignment"/> only if the user has none yet; false when one already existed.</summary>
    public async Task<bool> AddIfAbsentAsync(string tenantId, RoleAssignment assignment, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(tenantId, assignment), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Returns false when there was nothing to delete.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var response = await Table.DeleteEntityAsync(tenantId, userId, cancellationToken: cancellationToken);
        return response.Status != 404;
    }

    private static TableEntity ToEntity(string tenantId, RoleAssignment assignment) => new(tenantId, assignment.UserId)
    {
        ["Roles"] = string.Join(' ', assignment.Roles),
        ["UpdatedAt"] = assignment.UpdatedAt,
        ["UpdatedBy"] = assignment.UpdatedBy,
    };

    private static RoleAssignment ToAssignment(TableEntity row) => new(
        row.RowKey,
        (row.GetString("Roles") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Role>).ToList(),
        row.GetDateTimeOffset("UpdatedAt") ?? default,
        row.GetString("UpdatedBy") ?? "");
}
