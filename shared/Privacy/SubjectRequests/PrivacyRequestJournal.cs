using DataGovernance.Audit;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>What a step decided: the request as it becomes, the step's name and note, and possibly a failure to report after saving.</summary>
/// <param name="Action">The step's name (<c>Verified</c>, <c>Refused</c>…); null saves without a step (a counter).</param>
/// <param name="ThenFail">Reported to the caller once the change is saved (a wrong code still counts as an attempt).</param>
public sealed record PrivacyRequestChange(PrivacyRequest Updated, string? Action, string? Note = null, Failure? ThenFail = null);

/// <summary>
/// Writes every change of a request the same way: read, decide, replace under the ETag (deciding again after a
/// concurrent change), append the step to the request's history in the same transaction, and record it in the
/// tenant's audit log as <c>PrivacyRequest{Action}</c> — with ids only, never the requester's name or address.
/// </summary>
public sealed class PrivacyRequestJournal(PrivacyRequestStore store, AuditService audit, TimeProvider clock)
{
    private const int Attempts = 5;

    public static Failure NotFound(string requestId) => Failure.NotFound($"There is no privacy request '{requestId}'.");

    public async Task<Result<PrivacyRequest>> ChangeAsync(
        string tenantId, string requestId, Func<PrivacyRequest, DateTimeOffset, Result<PrivacyRequestChange>> decide, WriteContext context,
        CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            if (await store.GetAsync(tenantId, requestId, cancellationToken) is not { } found)
            {
                return NotFound(requestId);
            }
            var (current, etag) = found;
            var now = clock.GetUtcNowForStorage();
            var decision = decide(current, now);
            if (!decision.Succeeded)
            {
                return decision.Failure;
            }
            var change = decision.Value;
            var step = change.Action is null ? null : Step(change.Updated with { Steps = current.Steps + 1 }, now, context, change.Action, change.Note);
            var updated = change.Updated with { Steps = current.Steps + (step is null ? 0 : 1), UpdatedAt = now, UpdatedBy = context.Actor.Id };
            if (!await store.ReplaceAsync(tenantId, updated, etag, step, cancellationToken))
            {
                if (attempt < Attempts)
                {
                    continue;
                }
                return Failure.PreconditionFailed($"Privacy request '{requestId}' is being changed by someone else; try again.");
            }
            if (step is not null)
            {
                await AuditAsync(tenantId, updated, step, context, cancellationToken);
            }
            return change.ThenFail is { } failure ? failure : await ReadAsync(tenantId, updated, cancellationToken);
        }
    }

    /// <summary>Stores a new request with its first step and audits it.</summary>
    public async Task<PrivacyRequest> AddAsync(string tenantId, PrivacyRequest request, string action, WriteContext context, CancellationToken cancellationToken)
    {
        var step = Step(request with { Steps = 1 }, request.CreatedAt, context, action, null);
        request = request with { Steps = 1 };
        await store.AddAsync(tenantId, request, step, cancellationToken);
        await AuditAsync(tenantId, request, step, context, cancellationToken);
        return request;
    }

    /// <summary>The request with its deadlines as of now and its history.</summary>
    public async Task<PrivacyRequest> ReadAsync(string tenantId, PrivacyRequest request, CancellationToken cancellationToken) =>
        WithDeadlines(request) with { History = await store.HistoryAsync(tenantId, request.Id, cancellationToken) };

    public PrivacyRequest WithDeadlines(PrivacyRequest request) =>
        request with { Deadlines = PrivacyDeadlineRules.For(request, clock.GetUtcNow()) };

    private static PrivacyRequestStep Step(PrivacyRequest request, DateTimeOffset at, WriteContext context, string action, string? note) =>
        new(request.Steps, at, context.Actor.Id, action, request.Status, note);

    private Task<AuditEntry> AuditAsync(string tenantId, PrivacyRequest request, PrivacyRequestStep step, WriteContext context, CancellationToken cancellationToken) =>
        audit.RecordAsync(new AuditEvent(tenantId, step.At, step.Actor, $"PrivacyRequest{step.Action}", "SYSTEM",
            $"/api/tenants/{tenantId}/privacy/requests/{request.Id}", 200, AuditOutcome.Success, null, context.CorrelationId, context.ClientIp), cancellationToken);
}
