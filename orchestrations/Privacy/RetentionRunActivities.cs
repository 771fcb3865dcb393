using DataGovernance.Privacy;

namespace DataGovernance.Orchestrations.Privacy;

/// <summary>What the tenant's enabled policies cover, one target per policy and collection.</summary>
public sealed class ListRetentionTargets(RetentionPolicyService policies) : TaskActivity<RetentionRunStep, IReadOnlyList<RetentionTarget>>
{
    public override Task<IReadOnlyList<RetentionTarget>> RunAsync(TaskActivityContext context, RetentionRunStep input) =>
        policies.TargetsAsync(input.TenantId, context.CancellationToken);
}

/// <summary>Judges and treats one page of one target (see <see cref="RetentionEnforcement"/>).</summary>
public sealed class ApplyRetentionBatch(RetentionEnforcement enforcement) : TaskActivity<RetentionBatchInput, RetentionBatchOutcome>
{
    public override Task<RetentionBatchOutcome> RunAsync(TaskActivityContext context, RetentionBatchInput input) =>
        enforcement.ApplyBatchAsync(input, context.CancellationToken);
}

/// <summary>Records the run's totals and, for a real run, issues its signed deletion certificate.</summary>
public sealed class CompleteRetentionRun(RetentionRunService runs) : TaskActivity<RetentionRunStep, RetentionRunStatus>
{
    public override async Task<RetentionRunStatus> RunAsync(TaskActivityContext context, RetentionRunStep input) =>
        (await runs.CompleteAsync(input.TenantId, input.RunId, input.Results!, input.At!.Value, context.CancellationToken)).Status;
}

public sealed class FailRetentionRun(RetentionRunService runs) : TaskActivity<RetentionRunStep, RetentionRunStatus>
{
    public override async Task<RetentionRunStatus> RunAsync(TaskActivityContext context, RetentionRunStep input) =>
        (await runs.FailAsync(input.TenantId, input.RunId, input.Reason ?? "A step failed.", input.At!.Value, context.CancellationToken)).Status;
}
