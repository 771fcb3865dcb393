using System.Text.RegularExpressions;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace DataGovernance.Team;

/// <summary>Grants and withdraws tenant roles, and answers "which roles does this user hold" for sign-in.</summary>
public sealed partial class RoleAssignmentService(RoleAssignmentStore store, SecurityEventService securityEvents, IMemoryCache cache, TimeProvider clock)
{
    private static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(15);

    public Task<IReadOnlyList<RoleAssignment>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        store.ListAsync(tenantId, cancellationToken);

    public async Task<Result<RoleAssignment>> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        if (!IsValidUserId(userId))
        {
            return InvalidUserId;
        }
        return await store.GetAsync(tenantId, userId, cancellationToken) is { } assignment
            ? assignment
            : Failure.NotFound($"User '{userId}' has no role assignment.");
    }

    public async Task<Result<RoleAssignment>> SetAsync(
        string tenantId, string userId, RoleAssignmentRequest request, WriteContext context, CancellationToken cancellationToken)
    {
        if (!IsValidUserId(userId))
        {
            return InvalidUserId;
        }
        var errors = new FieldErrors();
        var roles = new List<Role>();
        if (request.Roles is null || request.Roles.Count == 0)
        {
            errors.Add("roles", $"At least one role is required: {string.Join(", ", Roles.TenantRoles)}.");
        }
        for (var i = 0; i < (request.Roles?.Count ?? 0); i++)
        {
            if (Roles.TryParse(request.Roles![i], out var role) && !role.IsPlatform())
            {
                if (!roles.Contains(role))
                {
                    roles.Add(role);
                }
            }
            else
            {
                errors.Add($"roles[{i}]", $"Must be one of: {string.Join(", ", Roles.TenantRoles)}.");
            }
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var previous = (await store.GetAsync(tenantId, userId, cancellationToken))?.Roles ?? [];
        var assignment = new RoleAssignment(userId, roles, clock.GetUtcNowForStorage(), context.Actor.Id);
        await store.UpsertAsync(tenantId, assignment, cancellationToken);
        cache.Remove((tenantId, userId));
        if (!previous.ToHashSet().SetEquals(roles))
        {
            await RecordRoleChangeAsync(tenantId, userId, previous, roles, context, cancellationToken);
        }
        return assignment;
    }

    public async Task<Result<bool>> RemoveAsync(string tenantId, string userId, WriteContext context, CancellationToken cancellationToken)
    {
        if (!IsValidUserId(userId))
        {
            return InvalidUserId;
        }
        var previous = await store.GetAsync(tenantId, userId, cancellationToken);
        var removed = previous is not null && await store.DeleteAsync(tenantId, userId, cancellationToken);
        cache.Remove((tenantId, userId));
        if (!removed)
        {
            return Failure.NotFound($"User '{userId}' has no role assignment.");
        }
        await RecordRoleChangeAsync(tenantId, userId, previous!.Roles, [], context, cancellationToken);
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
    public async Task<IReadOnlyList<Role>> ProvisionAsync(string tenantId, string userId, IReadOnlyList<Role> roles, CancellationToken cancellationToken)
    {
        if (!IsValidUserId(userId))
        {
            return roles;
        }
        var assignment = new RoleAssignment(userId, roles, clock.GetUtcNowForStorage(), JustInTimeActor.Id);
        var added = await store.AddIfAbsentAsync(tenantId, assignment, cancellationToken);
        cache.Remove((tenantId, userId));
        return added ? roles : await GetRolesAsync(tenantId, userId, cancellationToken);
    }

    /// <summary>The author of assignments made by just-in-time provisioning.</summary>
    public static Actor JustInTimeActor { get; } = Actor.System("jit");

    /// <summary>The user's assigned roles, cached briefly because every request of a token without app roles asks.</summary>
    public async Task<IReadOnlyList<Role>> GetRolesAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        await cache.GetOrCreateAsync((tenantId, userId), async entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = CacheLifetime;
            return (await store.GetAsync(tenantId, userId, cancellationToken))?.Roles ?? [];
        }) ?? [];

    public static bool IsValidUserId(string userId) => UserIdPattern().IsMatch(userId);

    private static Failure InvalidUserId =>
        Failure.BadRequest("invalid-user-id", "A user id is 1–64 letters, digits, '-' or '_' (an Entra object id, for example).");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex UserIdPattern();
}
