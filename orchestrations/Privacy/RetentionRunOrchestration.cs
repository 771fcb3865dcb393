using DataGovernance.Privacy;

namespace DataGovernance.Orchestrations.Privacy;

/// <summary>
/// What the starter hands a retention run: which run, as of when, and the batch size from the settings; and, when the
/// run continues as new, where it got to: the targets, those done with their counts, and the page the current one is at.
/// </summary>
public sealed record RetentionRunInput(string TenantId, string RunId, bool DryRun, DateTimeOffset AsOf, int BatchSize)
{
    public IReadOnlyList<RetentionTarget>? Targets { get; init; }

    public IReadOnlyList<RetentionTargetResult> Done { get; init; } = [];

    public RetentionCounts Current { get; init; } = RetentionCounts.Zero;

    public int Batch { get; init; }

    public string? Token { get; init; }
}

/// <summary>What the opening and closing steps of a run work on.</summary>
public sealed record RetentionRunStep(
    string TenantId, string RunId, IReadOnlyList<RetentionTargetResult>? Results = null, DateTimeOffset? At = null, string? Reason = null);

/// <summary>
/// One retention run: list what the enabled policies cover → for each policy and collection, page by page, judge the
/// records, skip the held ones and (unless a dry run) delete or anonymise the due ones → record the totals and, for a
/// real run, issue the signed deletion certificate. Each page is one idempotent step, so a run resumes where it
/// stopped; a step that keeps failing ends the run as Failed with the reason, never silently half-done. The run
/// continues as new after each collection and every <see cref="BatchesPerEpisode"/> pages, so its history stays small
/// however large the tenant.
/// </summary>
public sealed class RetentionRunOrchestration : TaskOrchestrator<RetentionRunInput, RetentionRunStatus>
{
    public const int BatchesPerEpisode = 50;

    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(5, TimeSpan.FromSeconds(2), 2));

    public override async Task<RetentionRunStatus> RunAsync(TaskOrchestrationContext context, RetentionRunInput input)
    {
        var step = new RetentionRunStep(input.TenantId, input.RunId);
        try
        {
            context.SetCustomStatus(new { step = "targets" });
            var targets = input.Targets ?? await context.CallActivityAsync<IReadOnlyList<RetentionTarget>>(nameof(ListRetentionTargets), step, StepRetry);
            var (done, counts, batch, token) = (input.Done.ToList(), input.Current, input.Batch, input.Token);
            for (var steps = 0; done.Count < targets.Count; steps++)
            {
                if (steps == BatchesPerEpisode || (steps > 0 && batch == 0))
                {
                    context.ContinueAsNew(input with { Targets = targets, Done = done, Current = counts, Batch = batch, Token = token });
                    return RetentionRunStatus.Running;
                }
                var target = targets[done.Count];
                context.SetCustomStatus(new { step = "batch", policyId = target.PolicyId, collection = target.Collection, batch });
                var outcome = await context.CallActivityAsync<RetentionBatchOutcome>(nameof(ApplyRetentionBatch),
                    new RetentionBatchInput(input.TenantId, input.RunId, input.DryRun, input.AsOf, input.BatchSize, target, batch, token), StepRetry);
                counts = counts.Plus(outcome.Counts);
                if (outcome.Next is null)
                {
                    done.Add(new RetentionTargetResult(target, counts));
                    (counts, batch, token) = (RetentionCounts.Zero, 0, null);
                }
                else
                {
                    (batch, token) = (batch + 1, outcome.Next);
                }
            }
            context.SetCustomStatus(new { step = input.DryRun ? "complete" : "certificate" });
            return await context.CallActivityAsync<RetentionRunStatus>(nameof(CompleteRetentionRun), step with { Results = done, At = Now(context) }, StepRetry);
        }
        catch (TaskFailedException failed)
        {
            var reason = failed.FailureDetails.InnerFailure?.ErrorMessage ?? failed.FailureDetails.ErrorMessage;
            return await context.CallActivityAsync<RetentionRunStatus>(nameof(FailRetentionRun), step with { Reason = reason, At = Now(context) }, StepRetry);
        }
    }

    private static DateTimeOffset Now(TaskOrchestrationContext context) => new(context.CurrentUtcDateTime.Ticks, TimeSpan.Zero);
}
