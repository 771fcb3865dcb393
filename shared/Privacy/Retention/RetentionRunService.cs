using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>Retention runs: opening one (one at a time per tenant, under the tenant's run lock), recording how it ended, and reading runs, items and certificates.</summary>
public sealed class RetentionRunService(
    RetentionRunStore runs, RetentionEvidenceStore evidence, RetentionCertificates certificates, TimeProvider clock)
{
    /// <summary>Opens a manual run as of now; the caller starts its orchestration.</summary>
    public async Task<Result<RetentionRun>> OpenAsync(string tenantId, RetentionRunRequest request, Actor requester, CancellationToken cancellationToken)
    {
        if (request.DryRun is not { } dryRun)
        {
            return Failure.Validation(FieldErrors.Of("dryRun", "Required: true to see what the policies would do without changing anything, false to apply them."));
        }
        var now = clock.GetUtcNowForStorage();
        return await OpenAsync(tenantId, RetentionRun.IdFor(now, Guid.NewGuid().ToString("N")[..8]), dryRun, RetentionRunTrigger.Manual, requester, now, cancellationToken);
    }

    /// <summary>Opens the run of a scheduled occurrence; a conflict when that occurrence was started before or another run is under way.</summary>
    public Task<Result<RetentionRun>> OpenScheduledAsync(string tenantId, DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        OpenAsync(tenantId, RetentionRun.IdFor(occurrence, "sched"), false, RetentionRunTrigger.Scheduled, Actor.System("retention-schedule"), occurrence, cancellationToken);

    public async Task<Result<RetentionRun>> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await FindAsync(tenantId, id, cancellationToken) is { } run ? run : NotFound(id);

    public async Task<Result<Page<RetentionRun>>> ListAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("retention-runs", tenantId);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await runs.ListAsync(tenantId, pageSize, sdkToken, cancellationToken);
        return new Page<RetentionRun>(items, ContinuationToken.Encode(next, scope));
    }

    /// <summary>The run's due records batch by batch: what was (or would be) deleted or anonymised, and what was held and why.</summary>
    public async Task<Result<RetentionItemPage>> ItemsAsync(string tenantId, string id, string? continuationToken, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is null)
        {
            return NotFound(id);
        }
        var scope = ContinuationToken.Scope("retention-run-items", tenantId, id);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var marker))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await evidence.ItemsPageAsync(tenantId, id, marker, cancellationToken);
        return new RetentionItemPage(items, ContinuationToken.Encode(next, scope));
    }

    public async Task<Result<RetentionCertificate>> CertificateAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, id, cancellationToken) is not { } run)
        {
            return NotFound(id);
        }
        if (run.DryRun)
        {
            return Failure.Conflict("dry-run-has-no-certificate", $"Retention run '{id}' was a dry run: it deleted nothing, so it has no certificate.");
        }
        return await evidence.GetCertificateAsync(tenantId, id, cancellationToken) is { } certificate
            ? certificate
            : Failure.Conflict("retention-run-running", $"Retention run '{id}' has no certificate yet: it is {run.Status}.");
    }

    /// <summary>Records the totals; a real run also gets its signed certificate.</summary>
    public async Task<RetentionRun> CompleteAsync(
        string tenantId, string id, IReadOnlyList<RetentionTargetResult> results, DateTimeOffset completedAt, CancellationToken cancellationToken)
    {
        var run = await RequireAsync(tenantId, id, cancellationToken);
        if (run.Status != RetentionRunStatus.Running)
        {
            await runs.UnlockAsync(tenantId, id, cancellationToken);
            return run;
        }
        var tallies = results.GroupBy(result => (result.Target.PolicyIndex, result.Target.PolicyId, result.Target.PolicyName))
            .OrderBy(group => group.Key.PolicyIndex)
            .Select(group => new RetentionPolicyTally(group.Key.PolicyId, group.Key.PolicyName,
                group.Aggregate(RetentionCounts.Zero, (sum, result) => sum.Plus(result.Counts))))
            .ToList();
        var completed = run with
        {
            Status = RetentionRunStatus.Succeeded,
            CompletedAt = completedAt,
            Policies = tallies,
            Totals = tallies.Aggregate(RetentionCounts.Zero, (sum, tally) => sum.Plus(tally.Counts)),
            HasCertificate = !run.DryRun,
        };
        if (!run.DryRun)
        {
            await certificates.IssueAsync(completed, tenantId, results, cancellationToken);
        }
        await runs.SaveAsync(tenantId, completed, cancellationToken);
        await runs.UnlockAsync(tenantId, id, cancellationToken);
        return completed;
    }

    public async Task<RetentionRun> FailAsync(string tenantId, string id, string reason, DateTimeOffset failedAt, CancellationToken cancellationToken)
    {
        var run = await RequireAsync(tenantId, id, cancellationToken);
        if (run.Status != RetentionRunStatus.Running)
        {
            await runs.UnlockAsync(tenantId, id, cancellationToken);
            return run;
        }
        var failed = run with { Status = RetentionRunStatus.Failed, CompletedAt = failedAt, FailureReason = reason };
        await runs.SaveAsync(tenantId, failed, cancellationToken);
        await runs.UnlockAsync(tenantId, id, cancellationToken);
        return failed;
    }

    public async Task<RetentionRun> RequireAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await runs.GetAsync(tenantId, id, cancellationToken) ?? throw new InvalidOperationException($"Retention run {id} of tenant {tenantId} does not exist.");

    private async Task<Result<RetentionRun>> OpenAsync(
        string tenantId, string id, bool dryRun, RetentionRunTrigger trigger, Actor requester, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var inProgress = Failure.Conflict("retention-run-in-progress", "Another retention run of this tenant is under way; wait for it to end.");
        if (!await runs.TryLockAsync(tenantId, id, now, cancellationToken))
        {
            return inProgress;
        }
        // A run that was started before the lock existed holds none; it still counts.
        if (await runs.AnyRunningAsync(tenantId, cancellationToken))
        {
            await runs.UnlockAsync(tenantId, id, cancellationToken);
            return inProgress;
        }
        var run = new RetentionRun(id, dryRun, trigger, RetentionRunStatus.Running, requester.Id, now, asOf, null, null, [], RetentionCounts.Zero, false);
        if (!await runs.TryAddAsync(tenantId, run, cancellationToken))
        {
            await runs.UnlockAsync(tenantId, id, cancellationToken);
            return Failure.Conflict("retention-run-exists", $"Retention run '{id}' was started before.");
        }
        return run;
    }

    private async Task<RetentionRun?> FindAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        RecordService.IsValidId(id) ? await runs.GetAsync(tenantId, id, cancellationToken) : null;

    private static Failure NotFound(string id) => Failure.NotFound($"There is no retention run '{id}'.");
}
