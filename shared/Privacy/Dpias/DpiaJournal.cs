using DataGovernance.Audit;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>What a step decided: the assessment as it becomes, the step's name and note, and what happens to its claim.</summary>
public sealed record DpiaChange(Dpia Updated, string Action, string? Note, DpiaClaimChange Claim = DpiaClaimChange.None);

/// <summary>
/// Writes every change of an assessment the same way: read, check the expected version, decide, replace under the
/// ETag with the step appended in the same transaction, and record it in the tenant's audit log as
/// <c>Dpia{Action}</c> (ids only).
/// </summary>
public sealed class DpiaJournal(DpiaStore store, AuditService audit, TimeProvider clock)
{
    public static Failure NotFound(string dpiaId) => Failure.NotFound($"There is no DPIA '{dpiaId}'.");

    public async Task<Result<Dpia>> ChangeAsync(
        string tenantId, string dpiaId, long? expectedVersion, Func<Dpia, DateTimeOffset, Result<DpiaChange>> decide, WriteContext context,
        CancellationToken cancellationToken)
    {
        if (!RecordService.IsValidId(dpiaId) || await store.GetAsync(tenantId, dpiaId, cancellationToken) is not { } found)
        {
            return NotFound(dpiaId);
        }
        var (current, etag) = found;
        if (expectedVersion is { } expected && expected != current.Version)
        {
            return Failure.PreconditionFailed($"The DPIA is at version {current.Version}, not {expected}.");
        }
        var now = clock.GetUtcNowForStorage();
        var decision = decide(current, now);
        if (!decision.Succeeded)
        {
            return decision.Failure;
        }
        var change = decision.Value;
        var updated = change.Updated with
        {
            Version = current.Version + 1, Steps = current.Steps + 1, UpdatedAt = now, UpdatedBy = context.Actor.Id,
        };
        var step = new DpiaStep(updated.Steps, now, context.Actor.Id, change.Action, updated.Status, change.Note);
        if (!await store.ReplaceAsync(tenantId, updated, etag, step, change.Claim, cancellationToken))
        {
            return change.Claim == DpiaClaimChange.Take && await store.GetAsync(tenantId, dpiaId, cancellationToken) is { } again && again.ETag == etag
                ? Failure.Conflict("dpia-already-open", "Another DPIA is open for the same automatic finding; work on that one instead.")
                : Failure.PreconditionFailed($"DPIA '{dpiaId}' was changed by someone else; read it again and retry.");
        }
        await AuditAsync(tenantId, updated.Id, step, context, cancellationToken);
        return await ReadAsync(tenantId, updated, cancellationToken);
    }

    /// <summary>Stores a new assessment with its first step and audits it; false when its automatic claim was taken meanwhile.</summary>
    public async Task<bool> AddAsync(string tenantId, Dpia dpia, string action, string? note, WriteContext context, CancellationToken cancellationToken)
    {
        var step = new DpiaStep(1, dpia.CreatedAt, context.Actor.Id, action, dpia.Status, note);
        if (!await store.AddAsync(tenantId, dpia with { Steps = 1 }, step, cancellationToken))
        {
            return false;
        }
        await AuditAsync(tenantId, dpia.Id, step, context, cancellationToken);
        return true;
    }

    /// <summary>The assessment with its computed assessment and its history.</summary>
    public async Task<Dpia> ReadAsync(string tenantId, Dpia dpia, CancellationToken cancellationToken) =>
        WithAssessment(dpia) with { History = await store.HistoryAsync(tenantId, dpia.Id, cancellationToken) };

    public static Dpia WithAssessment(Dpia dpia) => dpia with { Assessment = DpiaScoring.Assess(dpia.Answers, dpia.Risks) };

    private Task<AuditEntry> AuditAsync(string tenantId, string dpiaId, DpiaStep step, WriteContext context, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEvent(tenantId, step.At, step.Actor, $"Dpia{step.Action}", "SYSTEM",
            $"/api/tenants/{tenantId}/privacy/dpias/{dpiaId}", 200, AuditOutcome.Success, null, context.CorrelationId, context.ClientIp), cancellationToken);
}
