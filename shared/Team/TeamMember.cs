using System.Text.Json.Serialization;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Team;

public enum MemberStatus
{
    Active,
    Deactivated,
}

/// <summary>
/// A user of a tenant as Team shows them: the tenant roles assigned by the hub (used when the user's token carries
/// no app roles), what admins noted about them, their department and whether they may sign in. The user id is the
/// Entra object id (or a hub account id). <see cref="Delegations"/> are the temporary grants active now; they are
/// not part of the stored row.
/// </summary>
public sealed record TeamMember(
    string UserId,
    IReadOnlyList<Role> Roles,
    string? DisplayName,
    string? Email,
    string? DepartmentId,
    MemberStatus Status,
    long Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string UpdatedBy) : IHasETag
{
    public IReadOnlyList<Delegation> Delegations { get; init; } = [];

    /// <summary>Assigned roles and the roles of active delegations: what the user may do when their token has no app roles.</summary>
    public IReadOnlyList<Role> EffectiveRoles => [.. Roles.Union(Delegations.Select(delegation => delegation.Role)).Order()];

    [JsonIgnore]
    public bool IsActiveOwner => Status == MemberStatus.Active && Roles.Contains(Role.Owner);

    [JsonIgnore]
    public string ETag => $"\"{Version}\"";

    public static TeamMember New(string userId, IReadOnlyList<Role> roles, DateTimeOffset at, Actor by) =>
        new(userId, roles, null, null, null, MemberStatus.Active, 1, at, at, by.Id);
}

/// <summary>Body of <c>PUT …/team/role-assignments/{userId}</c>.</summary>
public sealed record RoleAssignmentRequest(IReadOnlyList<string>? Roles);

/// <summary>
/// Body of <c>PATCH …/team/users/{userId}</c>. A property that is absent or null stays as it is; an empty string
/// clears it.
/// </summary>
public sealed record TeamMemberUpdate(string? DisplayName, string? Email, string? DepartmentId);

/// <summary>Filters of the member listing; every one optional.</summary>
public sealed record TeamMemberFilter(string? DepartmentId, Role? Role, MemberStatus? Status);
