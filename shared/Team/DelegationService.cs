using DataGovernance.Audit;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Security.Events;
using DataGovernance.Storage;

namespace DataGovernance.Team;

/// <summary>
/// Temporary role grants: who may delegate what, for how long, and their end (early, or by expiry through
/// <see cref="EndExpiredAsync"/>). A delegation that has expired grants nothing even before it is ended.
/// </summary>
public sealed class DelegationService(
    DelegationStore store, TeamMemberStore members, RoleAssignmentService roles, AuditService audit, SecurityEventService securityEvents,
    TimeProvider clock)
{
    /// <summary>The author of delegations ended by expiry.</summary>
    public static Actor ExpiryActor { get; } = Actor.System("delegations");

    /// <summary>How long ended delegations stay in the listing.</summary>
    public static readonly TimeSpan RecentlyEnded = TimeSpan.FromDays(30);

    public async Task<IReadOnlyList<Delegation>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        [.. (await store.ListAsync(tenantId, clock.GetUtcNow() - RecentlyEnded, cancellationToken)).OrderByDescending(delegation => delegation.CreatedAt)];

    /// <summary>
    /// Grants <c>request.Role</c> to a member until <c>request.ExpiresAt</c> (in the future, at most 30 days ahead).
    /// The caller must hold the role, or be an Owner or a platform administrator, and cannot delegate to themselves.
    /// </summary>
    public async Task<Result<Delegation>> GrantAsync(
        string tenantId, DelegationRequest request, Caller caller, WriteContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var errors = new FieldErrors();
        if (!RoleAssignmentService.IsValidUserId(request.UserId))
        {
            errors.Add("userId", "Required: 1–64 letters, digits, '-' or '_'.");
        }
        Role role = default;
        if (!Roles.TryParse(request.Role, out role) || role.IsPlatform())
        {
            errors.Add("role", $"Required, one of: {string.Join(", ", Roles.TenantRoles)}.");
        }
        if (request.ExpiresAt is not { } expiresAt || expiresAt <= now || expiresAt > now + Delegation.MaxDuration)
        {
            errors.Add("expiresAt", $"Required: a moment in the future, at most {Delegation.MaxDuration.TotalDays:0} days ahead.");
        }
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > Delegation.MaxReasonLength)
        {
            errors.Add("reason", $"Required: 1–{Delegation.MaxReasonLength} characters.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        if (!(caller.Roles.Contains(role) || TeamRules.MayManageOwners(caller)))
        {
            return new Failure(FailureKind.Forbidden, "role-not-held", $"You can only delegate a role you hold yourself; you do not hold {role}.");
        }
        if (TeamRules.IsSelf(caller, tenantId, request.UserId!))
        {
            return TeamRules.OwnRoles;
        }
        if (await members.GetStatusAsync(tenantId, request.UserId!, cancellationToken) is not { } status)
        {
            return RoleAssignmentService.NotAMember(request.UserId!);
        }
        if (status == MemberStatus.Deactivated)
        {
            return Failure.Conflict("member-deactivated", $"User '{request.UserId}' is deactivated; reactivate them first.");
        }
        var delegation = new Delegation(Delegation.NewId(now), request.UserId!, role, request.ExpiresAt!.Value.ToUniversalTime(), reason, now,
            caller.Actor.Id, DelegationStatus.Active, null, null, null);
        await store.AddAsync(tenantId, delegation, cancellationToken);
        roles.ForgetRoles(tenantId, delegation.UserId);
        await RecordAsync(tenantId, SecurityEventType.DelegationGranted, delegation, context, cancellationToken);
        return delegation;
    }

    /// <summary>Ends an active delegation before it expires.</summary>
    public async Task<Result<Delegation>> EndAsync(string tenantId, string delegationId, WriteContext context, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, delegationId, cancellationToken) is not { } current)
        {
            return Failure.NotFound($"There is no delegation '{delegationId}'.");
        }
        if (current.Delegation.Status == DelegationStatus.Ended)
        {
            return Failure.Conflict("delegation-ended", $"Delegation '{delegationId}' ended already ({current.Delegation.EndReason}).");
        }
        var ended = current.Delegation.End(clock.GetUtcNowForStorage(), context.Actor, Delegation.EndedEarlyReason);
        if (!await store.ReplaceAsync(tenantId, ended, current.ETag, cancellationToken))
        {
            return Failure.PreconditionFailed($"Delegation '{delegationId}' was changed meanwhile; read it again.");
        }
        roles.ForgetRoles(tenantId, ended.UserId);
        await RecordAsync(tenantId, SecurityEventType.DelegationEnded, ended, context, cancellationToken);
        return ended;
    }

    /// <summary>
    /// Ends every active delegation of every tenant whose expiry has passed, each with an audit entry. Idempotent:
    /// a delegation someone else ended meanwhile (another run, an early end) is left alone. Returns how many ended.
    /// </summary>
    public async Task<int> EndExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var ended = 0;
        foreach (var (tenantId, delegation, etag) in await store.ListDueAsync(now, cancellationToken))
        {
            var expired = delegation.End(now, ExpiryActor, Delegation.ExpiredReason);
            if (!await store.ReplaceAsync(tenantId, expired, etag, cancellationToken))
            {
                continue;
            }
            roles.ForgetRoles(tenantId, delegation.UserId);
            await audit.RecordAsync(new AuditEvent(tenantId, now, ExpiryActor.Id, "DelegationExpired", "SYSTEM",
                $"/api/tenants/{tenantId}/team/delegations/{delegation.Id}", 200, AuditOutcome.Success, null, delegation.Id, null), cancellationToken);
            await RecordAsync(tenantId, SecurityEventType.DelegationEnded, expired, new WriteContext(ExpiryActor, $"delegation-expiry-{delegation.Id}"), cancellationToken);
            ended++;
        }
        return ended;
    }

    private Task<SecurityEvent> RecordAsync(
        string tenantId, SecurityEventType type, Delegation delegation, WriteContext context, CancellationToken cancellationToken) =>
        securityEvents.RecordAsync(tenantId, type, context, delegation.UserId, new Dictionary<string, string>
        {
            [SecurityEventDetails.Roles] = delegation.Role.ToString(),
            [SecurityEventDetails.At] = delegation.ExpiresAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        }, cancellationToken);
}
