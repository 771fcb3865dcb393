using DataGovernance.Audit;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;

namespace DataGovernance.Backup;

/// <summary>
/// The rules of restores: what a valid request is, who may decide it, and the record of each restore from
/// request to outcome. The restore itself runs as an orchestration (see RestoreOrchestration).
/// </summary>
public sealed class RestoreService(RestoreStore store, RestorePointStore restorePoints, TenantHistory history, AuditService audit, TimeProvider clock)
{
    /// <summary>Validates and records a request and makes it the tenant's active restore.</summary>
    public async Task<Result<RestoreRequest>> RequestAsync(string tenantId, RestoreRequestBody body, Actor requester, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var scope = Enum.TryParse<RestoreScope>(body.Scope, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : (RestoreScope?)null;
        if (scope is null)
        {
            errors.Add("scope", "Required: 'tenant', 'collection' or 'records'.");
        }
        if (scope is RestoreScope.Collection or RestoreScope.Records && (body.Collection is null || Collections.Find(body.Collection) is null))
        {
            errors.Add("collection", $"Required for this scope: one of {string.Join(", ", Collections.Names)}.");
        }
        if (scope is RestoreScope.Tenant && body.Collection is not null)
        {
            errors.Add("collection", "Only for the 'collection' and 'records' scopes.");
        }
        var recordIds = body.RecordIds?.Distinct(StringComparer.Ordinal).ToList() ?? [];
        if (scope is RestoreScope.Records && (recordIds.Count is 0 or > RestoreRequest.MaxRecordIds || !recordIds.All(RecordService.IsValidId)))
        {
            errors.Add("recordIds", $"Required for the 'records' scope: 1 to {RestoreRequest.MaxRecordIds} record ids.");
        }
        if (scope is not RestoreScope.Records && body.RecordIds is { Count: > 0 })
        {
            errors.Add("recordIds", "Only for the 'records' scope.");
        }
        ValidateReason(body.Reason, errors);
        var position = await TargetPositionAsync(tenantId, body, errors, cancellationToken);
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return await AddAsync(new RestoreRequest(RestoreRequest.NewId(clock.GetUtcNow()), tenantId, scope!.Value, scope == RestoreScope.Tenant ? null : body.Collection,
            scope == RestoreScope.Records ? recordIds : [], body.RestorePointId, body.At, position!.Value, body.Reason!.Trim(), requester.Id, clock.GetUtcNow(),
            RestoreStatus.Assessing, UndoOf: null), cancellationToken);
    }

    /// <summary>A request to put back what a succeeded restore replaced: the same scope, to where the tenant stood before it.</summary>
    public async Task<Result<RestoreRequest>> RequestUndoAsync(string tenantId, string restoreId, string? reason, Actor requester, CancellationToken cancellationToken)
    {
        var original = await store.GetAsync(tenantId, restoreId, cancellationToken);
        if (original is null)
        {
            return Failure.NotFound($"There is no restore '{restoreId}'.");
        }
        if (original.Status != RestoreStatus.Succeeded || original.PositionBefore is not { } before)
        {
            return Failure.Conflict("restore-not-undoable", $"Only a succeeded restore can be undone; {restoreId} is {original.Status}.");
        }
        var errors = new FieldErrors();
        ValidateReason(reason, errors);
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return await AddAsync(new RestoreRequest(RestoreRequest.NewId(clock.GetUtcNow()), tenantId, original.Scope, original.Collection, original.RecordIds,
            null, null, before, reason!.Trim(), requester.Id, clock.GetUtcNow(), RestoreStatus.Assessing, UndoOf: restoreId), cancellationToken);
    }

    private async Task<Result<RestoreRequest>> AddAsync(RestoreRequest request, CancellationToken cancellationToken) =>
        await store.AddAsync(request, cancellationToken)
            ? request
            : Failure.Conflict("restore-in-progress", $"Restore {await store.ActiveAsync(request.TenantId, cancellationToken)} is still under way; wait for it to finish or reject it.");

    private static void ValidateReason(string? reason, FieldErrors errors)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length is < 10 or > 1000)
        {
            errors.Add("reason", "Required: why the data must be restored, 10 to 1000 characters.");
        }
    }

    /// <summary>The change-log position a restore goes back to: its restore point's, or the last change at the moment.</summary>
    private async Task<long?> TargetPositionAsync(string tenantId, RestoreRequestBody body, FieldErrors errors, CancellationToken cancellationToken)
    {
        if ((body.RestorePointId is null) == (body.At is null))
        {
            errors.Add("restorePointId", "Give either a restore point or a moment ('at'), not both.");
            return null;
        }
        if (body.RestorePointId is { } pointId)
        {
            var point = await restorePoints.GetAsync(tenantId, pointId, cancellationToken);
            if (point is null)
            {
                errors.Add("restorePointId", $"There is no restore point '{pointId}'.");
            }
            return point?.Position;
        }
        if (body.At > clock.GetUtcNow())
        {
            errors.Add("at", "Must not be in the future.");
            return null;
        }
        return await history.PositionAtAsync(tenantId, body.At!.Value, cancellationToken);
    }

    /// <summary>Records a second administrator's decision; the caller then hands it to the waiting orchestration.</summary>
    public async Task<Result<RestoreDecision>> DecideAsync(string tenantId, string restoreId, bool approve, string? comment, Caller caller, CancellationToken cancellationToken)
    {
        if (comment is { Length: > 1000 })
        {
            return Failure.Validation(FieldErrors.Of("comment", "At most 1000 characters."));
        }
        var stored = await store.GetStoredAsync(tenantId, restoreId, cancellationToken);
        if (stored is not { } found)
        {
            return Failure.NotFound($"There is no restore '{restoreId}'.");
        }
        var request = found.Request;
        if (request.Status != RestoreStatus.AwaitingApproval)
        {
            return Failure.Conflict("restore-not-awaiting-approval", $"Restore {restoreId} is {request.Status}; only a restore awaiting approval can be decided.");
        }
        if (caller.Actor.Id == request.RequestedBy)
        {
            return new Failure(FailureKind.Forbidden, "approver-is-requester", "A restore must be decided by a second administrator, not by whoever requested it.");
        }
        if (caller.Kind != CallerKind.User || !caller.Roles.Any(role => role is Role.Owner or Role.Admin))
        {
            return new Failure(FailureKind.Forbidden, "approver-not-administrator", "Only a user with the Owner or Admin role can decide a restore.");
        }
        var decided = request with
        {
            Status = approve ? RestoreStatus.Running : RestoreStatus.Rejected,
            DecidedBy = caller.Actor.Id,
            DecidedAt = clock.GetUtcNow(),
            DecisionComment = comment,
            FinishedAt = approve ? null : clock.GetUtcNow(),
        };
        if (!await store.UpdateAsync(decided, found.ETag, cancellationToken))
        {
            return Failure.Conflict("restore-not-awaiting-approval", $"Restore {restoreId} was decided or changed meanwhile.");
        }
        if (!approve)
        {
            await store.ReleaseAsync(tenantId, restoreId, cancellationToken);
        }
        return new RestoreDecision(approve, caller.Actor.Id, comment);
    }

    public async Task<Result<RestoreRequest>> GetAsync(string tenantId, string restoreId, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, restoreId, cancellationToken) is { } request ? request : Failure.NotFound($"There is no restore '{restoreId}'.");

    /// <summary>A request the workflow knows exists.</summary>
    public async Task<RestoreRequest> RequireAsync(string tenantId, string restoreId, CancellationToken cancellationToken) =>
        await store.GetAsync(tenantId, restoreId, cancellationToken) ?? throw new InvalidOperationException($"Restore {restoreId} of tenant {tenantId} is gone.");

    public Task<IReadOnlyList<RestoreRequest>> ListAsync(string tenantId, CancellationToken cancellationToken) => store.ListAsync(tenantId, 200, cancellationToken);

    /// <summary>Applies <paramref name="change"/> to the stored request (re-reading on a concurrent update).</summary>
    public async Task<RestoreRequest> UpdateAsync(string tenantId, string restoreId, Func<RestoreRequest, RestoreRequest> change, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (request, etag) = await store.GetStoredAsync(tenantId, restoreId, cancellationToken)
                ?? throw new InvalidOperationException($"Restore {restoreId} of tenant {tenantId} is gone.");
            var changed = change(request);
            if (await store.UpdateAsync(changed, etag, cancellationToken))
            {
                return changed;
            }
        }
    }

    /// <summary>Records the end of a restore, frees the tenant for the next one and puts it on the audit record.</summary>
    public async Task<RestoreRequest> FinishAsync(string tenantId, string restoreId, Func<RestoreRequest, RestoreRequest> outcome, CancellationToken cancellationToken)
    {
        var finished = await UpdateAsync(tenantId, restoreId, request => request.IsFinished ? request : outcome(request) with { FinishedAt = clock.GetUtcNow() }, cancellationToken);
        await store.ReleaseAsync(tenantId, restoreId, cancellationToken);
        var succeeded = finished.Status == RestoreStatus.Succeeded;
        await audit.RecordAsync(new AuditEvent(tenantId, clock.GetUtcNow(), Actor.System("restore").Id, $"Restore{finished.Status}", "SYSTEM",
            $"/api/tenants/{tenantId}/backup/restores/{restoreId}", succeeded ? 200 : 409, succeeded ? AuditOutcome.Success : AuditOutcome.Failure,
            succeeded ? null : finished.FailureReason ?? finished.Status.ToString(), restoreId, null), cancellationToken);
        return finished;
    }
}
