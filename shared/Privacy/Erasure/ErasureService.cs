using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Team;

namespace DataGovernance.Privacy;

/// <summary>
/// The rules of erasing a data subject on request (GDPR Art. 17, CCPA right to delete): who may start it and when,
/// who approves the plan, and what the status shows. The work itself runs as an orchestration (<see cref="ErasureExecution"/>).
/// </summary>
/// <remarks>
/// Approval needs the <see cref="Permission.PrivacyErasuresApprove"/> permission (Owner, DataProtectionOfficer) and a
/// recent second factor. Whoever started the erasure may not approve it while another active team member could
/// (an Owner or DataProtectionOfficer other than them); a one-person privacy team approves its own plan, and the
/// certificate says so.
/// </remarks>
public sealed class ErasureService(
    ErasureStore store, PrivacyRequestStore requests, PrivacyRequestJournal journal, Pseudonyms pseudonyms, TeamMemberStore members,
    ErasureCertificates certificates, TimeProvider clock)
{
    public const int MaxCommentLength = 1000;

    public static bool IsErasure(PrivacyRequestType type) => type is PrivacyRequestType.Erasure or PrivacyRequestType.Delete;

    /// <summary>What discovery looks for: the identity the requester gave at intake.</summary>
    public static SubjectIdentifiers SubjectOf(PrivacyRequest request) =>
        new(request.Requester.Email, request.Requester.Phone, null, request.Requester.Name);

    /// <summary>
    /// Opens (or, after a failure, resumes) the erasure of a verified erasure or delete request and moves the request
    /// to InProgress. An erasure already under way is returned as it is, unless <paramref name="stopped"/> says its
    /// orchestration ended without finishing it (it is resumed then, as after a recorded failure). While
    /// <paramref name="lastAttemptRunning"/> says the last attempt's orchestration is still finishing, nothing is changed.
    /// </summary>
    public async Task<Result<(Erasure Erasure, bool Start)>> StartAsync(
        string tenantId, string requestId, bool stopped, bool lastAttemptRunning, WriteContext context, CancellationToken cancellationToken)
    {
        if (await requests.GetAsync(tenantId, requestId, cancellationToken) is not { } found)
        {
            return PrivacyRequestJournal.NotFound(requestId);
        }
        var request = found.Request;
        if (!IsErasure(request.Type))
        {
            return Failure.Conflict("not-an-erasure-request", $"Privacy request '{requestId}' is a {request.Type} request; only Erasure and Delete requests erase data.");
        }
        var existing = await store.GetAsync(tenantId, requestId, cancellationToken);
        if (stopped && existing is { Erasure.IsFinished: false } unfinished)
        {
            existing = (unfinished.Erasure with { Status = ErasureStatus.Failed }, unfinished.ETag);
        }
        if (existing is { Erasure.Status: ErasureStatus.Completed })
        {
            return Failure.Conflict("erasure-completed", $"The erasure of privacy request '{requestId}' is complete; its certificate is at …/erasure.");
        }
        if (existing is { } running && running.Erasure.Status is not (ErasureStatus.Failed or ErasureStatus.Rejected or ErasureStatus.Expired))
        {
            return (running.Erasure, false);
        }
        if (request.Status.IsClosed())
        {
            return PrivacyRequestService.Closed(request);
        }
        if (request.Status is not (PrivacyRequestStatus.Verified or PrivacyRequestStatus.InProgress))
        {
            return Failure.Conflict("privacy-request-not-verified", $"Privacy request '{requestId}' is {request.Status}: verify the requester before erasing anything.");
        }
        if (lastAttemptRunning)
        {
            return Failure.Conflict("erasure-in-progress", $"The erasure of privacy request '{requestId}' is still finishing its last attempt; try again shortly.");
        }
        var now = clock.GetUtcNowForStorage();
        Erasure erasure;
        if (existing is { } previous)
        {
            // A failed erasure continues with its approved plan; a rejected or expired one is planned and approved afresh.
            var resumes = previous.Erasure.Status == ErasureStatus.Failed;
            erasure = previous.Erasure with
            {
                Status = resumes && previous.Erasure.ApprovedBy is not null ? ErasureStatus.Erasing : ErasureStatus.Planning,
                Attempts = previous.Erasure.Attempts + 1,
                ApprovedBy = resumes ? previous.Erasure.ApprovedBy : null,
                ApprovedAt = resumes ? previous.Erasure.ApprovedAt : null,
                DecisionComment = resumes ? previous.Erasure.DecisionComment : null,
                SelfApproved = resumes && previous.Erasure.SelfApproved,
                StartedBy = resumes ? previous.Erasure.StartedBy : context.Actor.Id,
                StartedAt = resumes ? previous.Erasure.StartedAt : now,
                FailureReason = null,
                UpdatedAt = now,
            };
            if (!await store.ReplaceAsync(tenantId, erasure, previous.ETag, cancellationToken))
            {
                return Failure.Conflict("erasure-in-progress", $"The erasure of privacy request '{requestId}' was started meanwhile.");
            }
        }
        else
        {
            erasure = new Erasure(requestId, ErasureStatus.Planning, pseudonyms.For(tenantId, SubjectOf(request)), context.Actor.Id, now, 1,
                null, null, null, false, 0, 0, 0, null, null, null, null, now);
            if (!await store.AddAsync(tenantId, erasure, cancellationToken))
            {
                return Failure.Conflict("erasure-in-progress", $"The erasure of privacy request '{requestId}' was started meanwhile.");
            }
        }
        var action = existing is null ? "ErasureStarted" : existing.Value.Erasure.Status == ErasureStatus.Failed ? "ErasureResumed" : "ErasureRestarted";
        var moved = await journal.ChangeAsync(tenantId, requestId, (current, _) => current.Status.IsClosed()
            ? PrivacyRequestService.Closed(current)
            : new PrivacyRequestChange(current with { Status = PrivacyRequestStatus.InProgress }, action), context, cancellationToken);
        return moved.Succeeded ? (erasure, true) : moved.Failure;
    }

    /// <summary>Records the decision on a plan awaiting approval; the caller hands it to the waiting orchestration.</summary>
    public async Task<Result<ErasureDecision>> DecideAsync(
        string tenantId, string requestId, ErasureDecisionInput body, Caller caller, WriteContext context, CancellationToken cancellationToken)
    {
        var comment = string.IsNullOrWhiteSpace(body.Comment) ? null : body.Comment.Trim();
        if (comment is { Length: > MaxCommentLength })
        {
            return Failure.Validation(FieldErrors.Of("comment", $"At most {MaxCommentLength} characters."));
        }
        if (await store.GetAsync(tenantId, requestId, cancellationToken) is not { } found)
        {
            return Failure.NotFound($"Privacy request '{requestId}' has no erasure.");
        }
        var erasure = found.Erasure;
        if (erasure.Status != ErasureStatus.AwaitingApproval)
        {
            return Failure.Conflict("erasure-not-awaiting-approval", $"The erasure of privacy request '{requestId}' is {erasure.Status}; only a plan awaiting approval can be decided.");
        }
        var selfApproved = caller.Actor.Id == erasure.StartedBy;
        if (selfApproved && await AnotherApproverAsync(tenantId, caller.Id, cancellationToken))
        {
            return new Failure(FailureKind.Forbidden, "approver-is-starter",
                "Another Owner or Data Protection Officer of the team must decide this erasure: it was started by you.");
        }
        var approve = body.Approve ?? true;
        var now = clock.GetUtcNowForStorage();
        var decided = erasure with
        {
            Status = approve ? ErasureStatus.Erasing : ErasureStatus.Rejected,
            ApprovedBy = caller.Actor.Id,
            ApprovedAt = now,
            DecisionComment = comment,
            SelfApproved = selfApproved,
            UpdatedAt = now,
        };
        if (!await store.ReplaceAsync(tenantId, decided, found.ETag, cancellationToken))
        {
            return Failure.Conflict("erasure-not-awaiting-approval", $"The erasure of privacy request '{requestId}' was decided or changed meanwhile.");
        }
        await journal.ChangeAsync(tenantId, requestId, (current, _) =>
            new PrivacyRequestChange(current, approve ? "ErasureApproved" : "ErasureRejected", comment), context, cancellationToken);
        return new ErasureDecision(approve, caller.Actor.Id, comment);
    }

    /// <summary>The erasure with every record it covers and, once certified, fresh links to its certificate.</summary>
    public async Task<Result<Erasure>> GetAsync(string tenantId, string requestId, Actor viewer, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(tenantId, requestId, cancellationToken) is not { } found)
        {
            return await requests.GetAsync(tenantId, requestId, cancellationToken) is null
                ? PrivacyRequestJournal.NotFound(requestId)
                : Failure.NotFound($"Privacy request '{requestId}' has no erasure.");
        }
        var items = await store.ItemsAsync(tenantId, requestId, cancellationToken);
        return found.Erasure with
        {
            Planned = items.Count(item => item.State != ErasureItemState.Held),
            Held = items.Count(item => item.State == ErasureItemState.Held),
            Erased = items.Count(item => item.State is ErasureItemState.Erased or ErasureItemState.Gone),
            Items = items,
            Links = found.Erasure.Certificate is null ? null : certificates.Links(tenantId, requestId, viewer),
        };
    }

    private async Task<bool> AnotherApproverAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        (await members.ListAllAsync(tenantId, cancellationToken)).Any(member => member.UserId != userId && member.Status == MemberStatus.Active
            && member.EffectiveRoles.Any(role => PermissionMatrix.For(role).Contains(Permission.PrivacyErasuresApprove)));
}
