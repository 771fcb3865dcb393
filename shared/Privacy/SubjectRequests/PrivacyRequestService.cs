using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;
using DataGovernance.Team;
using DataGovernance.Tenancy;

namespace DataGovernance.Privacy;

/// <summary>
/// Data subject requests from intake to their end: who may move a request where, when, and with what on record.
/// Every step lands in the request's history and the tenant's audit log (<see cref="PrivacyRequestJournal"/>).
/// </summary>
public sealed class PrivacyRequestService(
    PrivacyRequestStore store, PrivacyRequestJournal journal, PrivacyRequestVerification verification, TenantLookup tenants,
    TeamMemberStore members, TimeProvider clock)
{
    public const int MaxReasonLength = 2000;

    /// <summary>
    /// Records a request. Types that need verification and came with an e-mail address get a code at once
    /// (AwaitingVerification); the others stay Received.
    /// </summary>
    public async Task<Result<PrivacyRequest>> ReceiveAsync(string tenantId, PrivacyRequestIntake intake, WriteContext context, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var parsed = PrivacyRequestIntakeRules.Check(intake, now);
        if (!parsed.Succeeded)
        {
            return parsed.Failure;
        }
        var (type, requester, description, receivedAt) = parsed.Value;
        var timeZone = (await tenants.GetAsync(tenantId, cancellationToken))?.Settings.TimeZone ?? "UTC";
        var request = new PrivacyRequest(PrivacyRequest.NewId(now), type, type.LawOf(), PrivacyRequestStatus.Received, requester, description, receivedAt,
            PrivacyDeadlineRules.Zone(timeZone).Id, null, null, Verification.None, null, null, null, now, context.Actor.Id, now, context.Actor.Id, 0, null, null);
        request = await journal.AddAsync(tenantId, request, "Received", context, cancellationToken);
        if (type.NeedsVerification() && requester.Email is not null)
        {
            return await verification.SendCodeAsync(tenantId, request.Id, context, cancellationToken);
        }
        return await journal.ReadAsync(tenantId, request, cancellationToken);
    }

    public async Task<Result<PrivacyRequest>> GetAsync(string tenantId, string requestId, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, requestId, cancellationToken) is { } found
            ? await journal.ReadAsync(tenantId, found.Request, cancellationToken)
            : PrivacyRequestJournal.NotFound(requestId);

    public async Task<Result<Page<PrivacyRequest>>> ListAsync(
        string tenantId, string? status, string? type, DateOnly? dueBefore, bool? overdue, int pageSize, string? continuationToken,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var statusFilter = ParseFilter<PrivacyRequestStatus>(status, "status", errors);
        var typeFilter = ParseFilter<PrivacyRequestType>(type, "type", errors);
        if (errors.Any)
        {
            return Failure.BadRequest("invalid-parameter", "A filter is not valid.", errors);
        }
        var filter = new PrivacyRequestFilter(statusFilter, typeFilter, dueBefore, overdue ?? false);
        var scope = ContinuationToken.Scope("privacy-requests", tenantId, filter.Status, filter.Type, filter.DueBefore?.DayNumber, filter.Overdue);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, filter, clock.GetUtcNow(), pageSize, sdkToken, cancellationToken);
        return new Page<PrivacyRequest>([.. items.Select(journal.WithDeadlines)], ContinuationToken.Encode(next, scope));
    }

    /// <summary>Assigns the request to an active team member, or (empty id) to nobody.</summary>
    public async Task<Result<PrivacyRequest>> AssignAsync(
        string tenantId, string requestId, PrivacyRequestAssignment body, WriteContext context, CancellationToken cancellationToken)
    {
        var assignee = string.IsNullOrWhiteSpace(body.AssigneeUserId) ? null : body.AssigneeUserId.Trim();
        if (assignee is not null && (!RoleAssignmentService.IsValidUserId(assignee)
            || await members.GetStatusAsync(tenantId, assignee, cancellationToken) != MemberStatus.Active))
        {
            return Failure.Validation(FieldErrors.Of("assigneeUserId", "Must be an active member of the team."));
        }
        return await journal.ChangeAsync(tenantId, requestId, (request, _) =>
            request.Status.IsClosed()
                ? Closed(request)
                : new PrivacyRequestChange(request with { AssigneeUserId = assignee }, assignee is null ? "Unassigned" : "Assigned", assignee),
            context, cancellationToken);
    }

    /// <summary>Moves the request to InProgress, Completed, Refused (with a reason, GDPR Art. 12(5)) or Withdrawn.</summary>
    public async Task<Result<PrivacyRequest>> ChangeStatusAsync(
        string tenantId, string requestId, StatusChange body, WriteContext context, CancellationToken cancellationToken)
    {
        var reason = string.IsNullOrWhiteSpace(body.Reason) ? null : body.Reason.Trim();
        var errors = new FieldErrors();
        PrivacyRequestStatus target = default;
        if (!Enum.TryParse(body.Status, ignoreCase: false, out target) || int.TryParse(body.Status, out _)
            || target is not (PrivacyRequestStatus.InProgress or PrivacyRequestStatus.Completed or PrivacyRequestStatus.Refused or PrivacyRequestStatus.Withdrawn))
        {
            errors.Add("status", "Required, one of: InProgress, Completed, Refused, Withdrawn (verification goes through …/verify).");
        }
        else if (target == PrivacyRequestStatus.Refused && reason is null)
        {
            errors.Add("reason", "A refusal needs its reasons, which the requester is told (GDPR Art. 12(5)).");
        }
        if (reason is { Length: > MaxReasonLength })
        {
            errors.Add("reason", $"At most {MaxReasonLength} characters.");
        }
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return await journal.ChangeAsync(tenantId, requestId, (request, now) =>
        {
            if (!PrivacyRequestTransitions.Allows(request, target))
            {
                return IllegalStep(request, $"moved to {target}");
            }
            var closed = target.IsClosed();
            return new PrivacyRequestChange(request with
            {
                Status = target,
                Resolution = closed ? reason : request.Resolution,
                ClosedAt = closed ? now : null,
            }, target.ToString(), reason);
        }, context, cancellationToken);
    }

    /// <summary>Records that receipt was confirmed to the requester (CCPA: within 10 business days).</summary>
    public async Task<Result<PrivacyRequest>> AcknowledgeAsync(
        string tenantId, string requestId, AcknowledgementInput body, WriteContext context, CancellationToken cancellationToken) =>
        await journal.ChangeAsync(tenantId, requestId, (request, now) =>
        {
            var sentAt = body.SentAt?.ToUniversalTime() ?? now;
            if (sentAt > now + PrivacyRequestIntakeRules.ClockSkew || sentAt < request.ReceivedAt)
            {
                return Failure.Validation(FieldErrors.Of("sentAt", "Not in the future and not before the request was received."));
            }
            if (request.Status.IsClosed())
            {
                return Closed(request);
            }
            if (request.AcknowledgedAt is not null)
            {
                return Failure.Conflict("already-acknowledged", $"Receipt of privacy request '{request.Id}' was confirmed already.");
            }
            return new PrivacyRequestChange(request with { AcknowledgedAt = sentAt }, "Acknowledged");
        }, context, cancellationToken);

    /// <summary>Extends the response deadline once, while the first period runs and after telling the requester.</summary>
    public async Task<Result<PrivacyRequest>> ExtendAsync(
        string tenantId, string requestId, ExtensionInput body, WriteContext context, CancellationToken cancellationToken) =>
        await journal.ChangeAsync(tenantId, requestId, (request, now) => PrivacyRequestExtensionRules.Decide(request, body, now, context), context, cancellationToken);

    public static Failure Closed(PrivacyRequest request) =>
        Failure.Conflict("privacy-request-closed", $"Privacy request '{request.Id}' is {request.Status}; it cannot change any more.");

    public static Failure IllegalStep(PrivacyRequest request, string to) =>
        request.Status.IsClosed()
            ? Closed(request)
            : Failure.Conflict("invalid-status-transition", $"A {request.Type} request that is {request.Status} cannot be {to}.");

    private static T? ParseFilter<T>(string? value, string name, FieldErrors errors)
        where T : struct, Enum
    {
        if (value is null)
        {
            return null;
        }
        if (Enum.TryParse<T>(value, ignoreCase: false, out var parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }
        errors.Add(name, $"Must be one of: {string.Join(", ", Enum.GetNames<T>())}.");
        return null;
    }
}
