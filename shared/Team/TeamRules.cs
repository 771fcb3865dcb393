using DataGovernance.Outcomes;
using DataGovernance.Security;

namespace DataGovernance.Team;

/// <summary>The rules every change of who holds which role in a tenant obeys, whichever route makes it.</summary>
public static class TeamRules
{
    public static Failure OwnerRequired { get; } = new(FailureKind.Forbidden, "owner-required",
        "Only an Owner of the tenant (or a platform administrator) may grant, withdraw or deactivate the Owner role.");

    public static Failure LastOwner { get; } = Failure.Conflict("last-owner",
        "This is the tenant's last active Owner; make someone else Owner first.");

    public static Failure OwnRoles { get; } = Failure.Conflict("cannot-change-own-roles",
        "You cannot change your own roles; ask another administrator.");

    public static bool MayManageOwners(Caller caller) => caller.IsPlatform || caller.Roles.Contains(Role.Owner);

    /// <summary>Whether the caller is the tenant's user <paramref name="userId"/> themselves.</summary>
    public static bool IsSelf(Caller caller, string tenantId, string userId) =>
        caller.Kind == CallerKind.User && caller.TenantId == tenantId && string.Equals(caller.Id, userId, StringComparison.Ordinal);

    /// <summary>
    /// Whether taking the Owner role from <paramref name="member"/> (or deactivating them) would leave the tenant
    /// with no active Owner recorded in Team.
    /// </summary>
    public static async Task<bool> IsLastActiveOwnerAsync(TeamMemberStore members, string tenantId, TeamMember member, CancellationToken cancellationToken) =>
        member.IsActiveOwner
        && !(await members.ListAllAsync(tenantId, cancellationToken)).Any(other => other.UserId != member.UserId && other.IsActiveOwner);

    public static Failure ChangedMeanwhile(string userId) =>
        Failure.PreconditionFailed($"User '{userId}' was changed by someone else; read them again and retry.");
}
