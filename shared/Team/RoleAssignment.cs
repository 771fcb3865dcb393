using DataGovernance.Security;

namespace DataGovernance.Team;

/// <summary>The hub's own grant of tenant roles to a user (used when the user's token carries no app roles).</summary>
public sealed record RoleAssignment(string UserId, IReadOnlyList<Role> Roles, DateTimeOffset UpdatedAt, string UpdatedBy);

/// <summary>Body of <c>PUT …/team/role-assignments/{userId}</c>.</summary>
public sealed record RoleAssignmentRequest(IReadOnlyList<string>? Roles);
