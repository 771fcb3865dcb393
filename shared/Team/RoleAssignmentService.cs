using System.Text.RegularExpressions;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace DataGovernance.Team;

/// <summary>Grants and withdraws tenant roles, and answers "which roles does this user hold" for sign-in.</summary>
public sealed partial class RoleAssignmentService(
    TeamMemberStore store, DelegationStore delegations, SecurityEventService securityEvents, IMemoryCache cache, TimeProvider clock)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Gives the user exactly these roles, making them a member if they were not. Refused for the caller's own
    /// roles, for a change to the Owner role by anyone but an Owner, and when it would leave no active Owner.
    /// </summary>
    public async Task<Result<TeamMember>> SetAsync(
        string tenantId, string userId, RoleAssignmentRequest request, Caller caller, WriteContext context, CancellationToken cancellationToken)
    {
        if (!IsValidUserId(userId))
        {
            return InvalidUserId;
        }
        var errors = new FieldErrors();
        var roles = ParseRoles(request.Roles, errors);
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        if (TeamRules.IsSelf(caller, tenantId, userId))
        {
            return TeamRules.OwnRoles;
        }
        var now = clock.GetUtcNowForStorage();
        var stored = await store.GetAsync(tenantId, userId, cancellationToken);
        var hadOwner = stored?.Member.Roles.Contains(Role.Owner) ?? false;
        if (hadOwner != roles.Contains(Role.Owner) && !TeamRules.MayManageOwners(caller))
        {
            return TeamRules.OwnerRequired;
        }
        if (stored is not { } current)
        {
            var member = TeamMember.New(userId, roles, now, caller.Actor);
            if (!await store.AddAsync(tenantId, member, cancellationToken))
            {
                return TeamRules.ChangedMeanwhile(userId);
            }
            await RecordRoleChangeAsync(tenantId, userId, [], member.Roles, context, cancellationToken);
            return Forget(tenantId, member);
        }
        if (hadOwner && !roles.Contains(Role.Owner) && await TeamRules.IsLastActiveOwnerAsync(store, tenantId, current.Member, cancellationToken))
        {
            return TeamRules.LastOwner;
        }
        var updated = current.Member with { Roles = roles, Version = current.Member.Version + 1, UpdatedAt = now, UpdatedBy = caller.Actor.Id };
        if (!await store.ReplaceAsync(tenantId, updated, current.ETag, cancellationToken))
        {
            return TeamRules.ChangedMeanwhile(userId);
        }
        if (!current.Member.Roles.ToHashSet().SetEquals(updated.Roles))
        {
            await RecordRoleChangeAsync(tenantId, userId, current.Member.Roles, updated.Roles, context, cancellationToken);
        }
        return Forget(tenantId, updated);
    }

    /// <summary>Removes the user from the team, under the same rules as <see cref="SetAsync"/>.</summary>
    public async Task<Result<bool>> RemoveAsync(string tenantId, string userId, Caller caller, WriteContext context, CancellationToken cancellationToken)
    {
        if (!IsValidUserId(userId))
        {
            return InvalidUserId;
        }
        if (TeamRules.IsSelf(caller, tenantId, userId))
        {
            return TeamRules.OwnRoles;
        }
        if (await store.GetAsync(tenantId, userId, cancellationToken) is not { } current)
        {
            return NotAMember(userId);
        }
        if (current.Member.Roles.Contains(Role.Owner) && !TeamRules.MayManageOwners(caller))
        {
            return TeamRules.OwnerRequired;
        }
        if (await TeamRules.IsLastActiveOwnerAsync(store, tenantId, current.Member, cancellationToken))
        {
            return TeamRules.LastOwner;
        }
        var removed = await store.DeleteAsync(tenantId, userId, current.ETag, cancellationToken);
        ForgetRoles(tenantId, userId);
        if (!removed)
        {
            return TeamRules.ChangedMeanwhile(userId);
        }
        await RecordRoleChangeAsync(tenantId, userId, current.Member.Roles, [], context, cancellationToken);
        return true;
    }

    private Task<SecurityEvent> RecordRoleChangeAsync(
        string tenantId, string userId, IReadOnlyList<Role> previous, IReadOnlyList<Role> roles, WriteContext context, CancellationToken cancellationToken) =>
        securityEvents.RecordAsync(tenantId, SecurityEventType.RoleChanged, context, userId, new Dictionary<string, string>
        {
            [SecurityEventDetails.PreviousRoles] = SecurityEventDetails.JoinRoles(previous),
            [SecurityEventDetails.Roles] = SecurityEventDetails.JoinRoles(roles),
        }, cancellationToken);

    /// <summary>
    /// Records a user who signed in for the first time through just-in-time provisioning, so that admins see them in
    /// Team. Never overwrites an assignment an admin made meanwhile; the roles the user ends up with are returned.
    /// </summary>
    public Task<IReadOnlyList<Role>> ProvisionAsync(string tenantId, string userId, IReadOnlyList<Role> roles, CancellationToken cancellationToken) =>
        ProvisionAsync(tenantId, TeamMember.New(userId, roles, clock.GetUtcNowForStorage(), JustInTimeActor), cancellationToken);

    /// <summary>Adds <paramref name="member"/> unless the user is a member already; the roles they end up with are returned.</summary>
    public async Task<IReadOnlyList<Role>> ProvisionAsync(string tenantId, TeamMember member, CancellationToken cancellationToken)
    {
        if (!IsValidUserId(member.UserId))
        {
            return member.Roles;
        }
        var added = await store.AddAsync(tenantId, member, cancellationToken);
        ForgetRoles(tenantId, member.UserId);
        return added ? member.Roles : await GetRolesAsync(tenantId, member.UserId, cancellationToken);
    }

    /// <summary>The author of assignments made by just-in-time provisioning.</summary>
    public static Actor JustInTimeActor { get; } = Actor.System("jit");

    /// <summary>
    /// The user's effective roles: assigned roles and those of delegations in force (none while deactivated). Cached
    /// briefly because every request of a token without app roles asks, never past the next delegation's expiry.
    /// </summary>
    public async Task<IReadOnlyList<Role>> GetRolesAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync(CacheKey(tenantId, userId), async entry =>
        {
            var now = clock.GetUtcNow();
            var member = (await store.GetAsync(tenantId, userId, cancellationToken))?.Member;
            var delegated = (await delegations.ListActiveAsync(tenantId, userId, cancellationToken)).Where(delegation => delegation.IsInForceAt(now)).ToList();
            var lifetime = delegated.Select(delegation => delegation.ExpiresAt - now).Append(CacheLifetime).Min();
            entry.AbsoluteExpirationRelativeToNow = lifetime > TimeSpan.Zero ? lifetime : TimeSpan.FromMilliseconds(1);
            if (member?.Status == MemberStatus.Deactivated)
            {
                return [];
            }
            return (IReadOnlyList<Role>)[.. (member?.Roles ?? []).Union(delegated.Select(delegation => delegation.Role)).Order()];
        }) ?? [];

    /// <summary>Drops this instance's cached roles of the user, after a change to their roles, delegations or status.</summary>
    public void ForgetRoles(string tenantId, string userId) => cache.Remove(CacheKey(tenantId, userId));

    public static bool IsValidUserId(string? userId) => userId is not null && UserIdPattern().IsMatch(userId);

    public static Failure InvalidUserId =>
        Failure.BadRequest("invalid-user-id", "A user id is 1–64 letters, digits, '-' or '_' (an Entra object id, for example).");

    public static Failure NotAMember(string userId) => Failure.NotFound($"User '{userId}' is not a member of the team.");

    private TeamMember Forget(string tenantId, TeamMember member)
    {
        ForgetRoles(tenantId, member.UserId);
        return member;
    }

    /// <summary>Tenant roles from their names, each once; problems go to <paramref name="errors"/> as <c>roles</c> / <c>roles[i]</c>.</summary>
    public static List<Role> ParseRoles(IReadOnlyList<string>? requested, FieldErrors errors)
    {
        var roles = new List<Role>();
        if (requested is null || requested.Count == 0)
        {
            errors.Add("roles", $"At least one role is required: {string.Join(", ", Roles.TenantRoles)}.");
        }
        for (var i = 0; i < (requested?.Count ?? 0); i++)
        {
            if (!Roles.TryParse(requested![i], out var role) || role.IsPlatform())
            {
                errors.Add($"roles[{i}]", $"Must be one of: {string.Join(", ", Roles.TenantRoles)}.");
            }
            else if (!roles.Contains(role))
            {
                roles.Add(role);
            }
        }
        return roles;
    }

    private static (string, string, string) CacheKey(string tenantId, string userId) => ("team-roles", tenantId, userId);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdPattern();
}
