using Azure;
using Azure.Data.Tables;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Team;

/// <summary>Team members per tenant (partition = tenant id, row = user id), in the role assignments table.</summary>
public sealed class TeamMemberStore(HubStorage storage)
{
    /// <summary>Members read for a rule that looks at the whole team (the last Owner); far above any real team.</summary>
    public const int MaxScanned = 5000;

    private TableClient Table => storage.Primary.Table(StorageNames.RoleAssignmentsTable);

    /// <summary>The member and the ETag guarding the next write; null when the user is not a member.</summary>
    public async Task<(TeamMember Member, ETag ETag)?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, userId, cancellationToken: cancellationToken);
        return row.HasValue ? (ToMember(row.Value!), row.Value!.ETag) : null;
    }

    /// <summary>The member's status alone (one point read of one column); null when the user is not a member.</summary>
    public async Task<MemberStatus?> GetStatusAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, userId, ["Status"], cancellationToken);
        return row.HasValue ? StatusOf(row.Value!) : null;
    }

    /// <summary>One page of members in user id order; role and Active filtering happen per page, so a page may be short.</summary>
    public async Task<(IReadOnlyList<TeamMember> Items, string? ContinuationToken)> ListAsync(
        string tenantId, TeamMemberFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"),
            filter.DepartmentId is { } department ? TableClient.CreateQueryFilter($"DepartmentId eq {department}") : null,
            filter.Status == MemberStatus.Deactivated ? TableClient.CreateQueryFilter($"Status eq {nameof(MemberStatus.Deactivated)}") : null);
        await foreach (var page in Table.QueryAsync<TableEntity>(query, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            // Active is filtered here: rows written before members had a status have none (and are active), and a
            // table filter never matches a row that lacks the property it compares.
            var members = page.Values.Select(ToMember)
                .Where(member => (filter.Role is not { } role || member.Roles.Contains(role)) && (filter.Status is not { } status || member.Status == status))
                .ToList();
            return (members, page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>Every member of the tenant, at most <see cref="MaxScanned"/>, in user id order.</summary>
    public async Task<IReadOnlyList<TeamMember>> ListAllAsync(string tenantId, CancellationToken cancellationToken)
    {
        var members = new List<TeamMember>();
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"), cancellationToken: cancellationToken))
        {
            members.Add(ToMember(row));
            if (members.Count == MaxScanned)
            {
                break;
            }
        }
        return members;
    }

    /// <summary>Whether any member belongs to the department.</summary>
    public async Task<bool> AnyInDepartmentAsync(string tenantId, string departmentId, CancellationToken cancellationToken)
    {
        var query = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and DepartmentId eq {departmentId}");
        await foreach (var _ in Table.QueryAsync<TableEntity>(query, 1, ["RowKey"], cancellationToken))
        {
            return true;
        }
        return false;
    }

    /// <summary>Writes a new member; false when the user is a member already.</summary>
    public async Task<bool> AddAsync(string tenantId, TeamMember member, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(ToEntity(tenantId, member), cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    /// <summary>Replaces the member if unchanged since read; false when someone else changed or removed it meanwhile.</summary>
    public async Task<bool> ReplaceAsync(string tenantId, TeamMember member, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(tenantId, member), current, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Returns false when there was nothing to delete or it changed since read.</summary>
    public async Task<bool> DeleteAsync(string tenantId, string userId, ETag current, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(tenantId, userId, current, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(string tenantId, TeamMember member) => new(tenantId, member.UserId)
    {
        ["Roles"] = string.Join(' ', member.Roles),
        ["DisplayName"] = member.DisplayName,
        ["Email"] = member.Email,
        ["DepartmentId"] = member.DepartmentId,
        ["Status"] = member.Status.ToString(),
        ["Version"] = member.Version,
        ["CreatedAt"] = member.CreatedAt,
        ["UpdatedAt"] = member.UpdatedAt,
        ["UpdatedBy"] = member.UpdatedBy,
    };

    private static TeamMember ToMember(TableEntity row)
    {
        var updatedAt = row.GetDateTimeOffset("UpdatedAt") ?? default;
        return new TeamMember(
            row.RowKey,
            (row.GetString("Roles") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<Role>).ToList(),
            row.GetString("DisplayName"),
            row.GetString("Email"),
            row.GetString("DepartmentId"),
            StatusOf(row),
            row.GetInt64("Version") ?? 1,
            row.GetDateTimeOffset("CreatedAt") ?? updatedAt,
            updatedAt,
            row.GetString("UpdatedBy") ?? "");
    }

    private static MemberStatus StatusOf(TableEntity row) =>
        Enum.TryParse<MemberStatus>(row.GetString("Status"), out var status) ? status : MemberStatus.Active;
}
