namespace DataGovernance.Team;

/// <summary>A part of the tenant's organisation that members belong to; departments may nest under a parent.</summary>
public sealed record Department(
    string Id,
    string Name,
    string? ParentId,
    string? ManagerUserId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy)
{
    public const int MaxNameLength = 100;

    public const int MaxPerTenant = 500;

    public static string NewId() => $"dep-{Guid.NewGuid().ToString("N")[..10]}";
}

/// <summary>
/// Body of <c>POST …/team/departments</c> (name required) and <c>PATCH …/team/departments/{id}</c>, where a property
/// that is absent or null stays as it is and an empty string clears <c>parentId</c> or <c>managerUserId</c>.
/// </summary>
public sealed record DepartmentRequest(string? Name, string? ParentId, string? ManagerUserId);

/// <summary>A tenant's departments as stored: one document, so that unique names are checked and kept in one write.</summary>
public sealed record DepartmentList(IReadOnlyList<Department> Items);
