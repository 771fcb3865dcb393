using System.Net.Mail;
using DataGovernance.Accounts;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;

namespace DataGovernance.Team;

/// <summary>Team › users: who is on the team, what admins noted about them, and whether they may sign in.</summary>
public sealed class TeamMemberService(
    TeamMemberStore store,
    DelegationStore delegations,
    DepartmentService departments,
    RoleAssignmentService roles,
    SessionService sessions,
    SecurityEventService securityEvents,
    TimeProvider clock)
{
    public const int MaxDisplayNameLength = 200;

    public const int MaxEmailLength = 254;

    public async Task<Result<Page<TeamMember>>> ListAsync(
        string tenantId, string? departmentId, string? role, string? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        Role? roleFilter = null;
        MemberStatus? statusFilter = null;
        if (role is not null)
        {
            if (Roles.TryParse(role, out var parsed) && !parsed.IsPlatform())
            {
                roleFilter = parsed;
            }
            else
            {
                errors.Add("role", $"Must be one of: {string.Join(", ", Roles.TenantRoles)}.");
            }
        }
        if (status is not null)
        {
            if (Enum.TryParse<MemberStatus>(status, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                statusFilter = parsed;
            }
            else
            {
                errors.Add("status", $"Must be one of: {string.Join(", ", Enum.GetNames<MemberStatus>())}.");
            }
        }
        if (errors.Any)
        {
            return Failure.BadRequest("invalid-parameter", "A filter is not valid.", errors);
        }
        var scope = ContinuationToken.Scope("team-users", tenantId, departmentId, roleFilter, statusFilter);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, new TeamMemberFilter(departmentId, roleFilter, statusFilter), pageSize, sdkToken, cancellationToken);
        var inForce = await DelegationsInForceAsync(tenantId, null, cancellationToken);
        return new Page<TeamMember>([.. items.Select(member => WithDelegations(member, inForce))], ContinuationToken.Encode(next, scope));
    }

    /// <summary>Every member (at most <see cref="TeamMemberStore.MaxScanned"/>), in user id order.</summary>
    public async Task<IReadOnlyList<TeamMember>> ListAllAsync(string tenantId, CancellationToken cancellationToken)
    {
        var members = await store.ListAllAsync(tenantId, cancellationToken);
        var inForce = await DelegationsInForceAsync(tenantId, null, cancellationToken);
        return [.. members.Select(member => WithDelegations(member, inForce))];
    }

    public async Task<Result<TeamMember>> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        if (!RoleAssignmentService.IsValidUserId(userId))
        {
            return RoleAssignmentService.InvalidUserId;
        }
        if (await store.GetAsync(tenantId, userId, cancellationToken) is not { } stored)
        {
            return RoleAssignmentService.NotAMember(userId);
        }
        return WithDelegations(stored.Member, await DelegationsInForceAsync(tenantId, userId, cancellationToken));
    }

    /// <summary>Changes what admins noted about the member; <paramref name="expectedVersion"/> guards against lost updates.</summary>
    public async Task<Result<TeamMember>> UpdateAsync(
        string tenantId, string userId, TeamMemberUpdate update, long? expectedVersion, Actor actor, CancellationToken cancellationToken)
    {
        if (!RoleAssignmentService.IsValidUserId(userId))
        {
            return RoleAssignmentService.InvalidUserId;
        }
        var errors = new FieldErrors();
        var displayName = update.DisplayName?.Trim();
        if (displayName?.Length > MaxDisplayNameLength)
        {
            errors.Add("displayName", $"At most {MaxDisplayNameLength} characters.");
        }
        var email = update.Email?.Trim();
        if (email is { Length: > 0 } && (email.Length > MaxEmailLength || !MailAddress.TryCreate(email, out var address) || address.Address != email))
        {
            errors.Add("email", "Must be one e-mail address such as ada@contoso.com.");
        }
        if (update.DepartmentId is { Length: > 0 } departmentId && !await departments.ExistsAsync(tenantId, departmentId, cancellationToken))
        {
            errors.Add("departmentId", $"There is no department '{departmentId}'.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return await ChangeAsync(tenantId, userId, expectedVersion, actor, member => member with
        {
            DisplayName = displayName is null ? member.DisplayName : NullIfEmpty(displayName),
            Email = email is null ? member.Email : NullIfEmpty(email),
            DepartmentId = update.DepartmentId is null ? member.DepartmentId : NullIfEmpty(update.DepartmentId),
        }, cancellationToken);
    }

    /// <summary>
    /// Refuses the user every request from now on (their roles and delegations stay, for a reactivation). Not for
    /// oneself, an Owner only by an Owner, and never the last active Owner.
    /// </summary>
    public async Task<Result<TeamMember>> DeactivateAsync(
        string tenantId, string userId, Caller caller, WriteContext context, CancellationToken cancellationToken)
    {
        if (TeamRules.IsSelf(caller, tenantId, userId))
        {
            return Failure.Conflict("cannot-deactivate-self", "You cannot deactivate yourself; ask another administrator.");
        }
        var deactivated = await SetStatusAsync(tenantId, userId, MemberStatus.Deactivated, caller, cancellationToken);
        if (deactivated.Succeeded)
        {
            // Refused on every request already; ending the sessions also stops their refresh tokens for good.
            await sessions.RevokeAllAsync(tenantId, userId, null, "user-deactivated", cancellationToken);
            await securityEvents.RecordAsync(tenantId, SecurityEventType.UserDeactivated, context, userId, null, cancellationToken);
        }
        return deactivated;
    }

    public Task<Result<TeamMember>> ReactivateAsync(string tenantId, string userId, Caller caller, CancellationToken cancellationToken) =>
        SetStatusAsync(tenantId, userId, MemberStatus.Active, caller, cancellationToken);

    /// <summary>Whether the tenant deactivated the user (one point read; false for a user who is not a member).</summary>
    public async Task<bool> IsDeactivatedAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        RoleAssignmentService.IsValidUserId(userId) && await store.GetStatusAsync(tenantId, userId, cancellationToken) == MemberStatus.Deactivated;

    private async Task<Result<TeamMember>> SetStatusAsync(string tenantId, string userId, MemberStatus status, Caller caller, CancellationToken cancellationToken)
    {
        if (!RoleAssignmentService.IsValidUserId(userId))
        {
            return RoleAssignmentService.InvalidUserId;
        }
        if (await store.GetAsync(tenantId, userId, cancellationToken) is not { } current)
        {
            return RoleAssignmentService.NotAMember(userId);
        }
        if (current.Member.Status == status)
        {
            return await GetAsync(tenantId, userId, cancellationToken);
        }
        if (current.Member.Roles.Contains(Role.Owner) && !TeamRules.MayManageOwners(caller))
        {
            return TeamRules.OwnerRequired;
        }
        if (status == MemberStatus.Deactivated && await TeamRules.IsLastActiveOwnerAsync(store, tenantId, current.Member, cancellationToken))
        {
            return TeamRules.LastOwner;
        }
        return await ChangeAsync(tenantId, userId, null, caller.Actor, member => member with { Status = status }, cancellationToken);
    }

    private async Task<Result<TeamMember>> ChangeAsync(
        string tenantId, string userId, long? expectedVersion, Actor actor, Func<TeamMember, TeamMember> change, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, userId, cancellationToken) is not { } current)
        {
            return RoleAssignmentService.NotAMember(userId);
        }
        if (expectedVersion is { } expected && expected != current.Member.Version)
        {
            return Failure.PreconditionFailed($"User '{userId}' is at version {current.Member.Version}, not {expected}.");
        }
        var changed = change(current.Member) with { Version = current.Member.Version + 1, UpdatedAt = clock.GetUtcNowForStorage(), UpdatedBy = actor.Id };
        if (!await store.ReplaceAsync(tenantId, changed, current.ETag, cancellationToken))
        {
            return TeamRules.ChangedMeanwhile(userId);
        }
        roles.ForgetRoles(tenantId, userId);
        return WithDelegations(changed, await DelegationsInForceAsync(tenantId, userId, cancellationToken));
    }

    private async Task<ILookup<string, Delegation>> DelegationsInForceAsync(string tenantId, string? userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return (await delegations.ListActiveAsync(tenantId, userId, cancellationToken))
            .Where(delegation => delegation.IsInForceAt(now))
            .ToLookup(delegation => delegation.UserId, StringComparer.Ordinal);
    }

    private static TeamMember WithDelegations(TeamMember member, ILookup<string, Delegation> inForce) =>
        member with { Delegations = [.. inForce[member.UserId].OrderBy(delegation => delegation.ExpiresAt)] };

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
