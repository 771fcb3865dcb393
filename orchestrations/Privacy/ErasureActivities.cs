using DataGovernance.Privacy;

namespace DataGovernance.Orchestrations.Privacy;

public sealed class PlanErasure(ErasureExecution execution) : TaskActivity<ErasureStepInput, ErasurePlan>
{
    public override Task<ErasurePlan> RunAsync(TaskActivityContext context, ErasureStepInput input) =>
        execution.PlanAsync(input.TenantId, input.RequestId, context.CancellationToken);
}

public sealed class EraseRecords(ErasureExecution execution) : TaskActivity<ErasureStepInput, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, ErasureStepInput input) =>
        execution.EraseAsync(input.TenantId, input.RequestId, input.Batch ?? [], context.CancellationToken);
}

public sealed class DeleteTenantImportFiles(ErasureImportFiles importFiles) : TaskActivity<ErasureStepInput, ErasedImportFiles>
{
    public override Task<ErasedImportFiles> RunAsync(TaskActivityContext context, ErasureStepInput input) =>
        importFiles.DeleteAsync(input.TenantId, input.RequestId, context.CancellationToken);
}

public sealed class ReplicateErasureLedger(ErasureExecution execution) : TaskActivity<ErasureStepInput, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, ErasureStepInput input) =>
        execution.ReplicateLedgerAsync(input.TenantId, input.RequestId, context.CancellationToken);
}

public sealed class CertifyErasure(ErasureExecution execution) : TaskActivity<ErasureStepInput, ErasureCertificateInfo>
{
    public override Task<ErasureCertificateInfo> RunAsync(TaskActivityContext context, ErasureStepInput input) =>
        execution.CertifyAsync(input.TenantId, input.RequestId, context.CancellationToken);
}

public sealed class CompleteErasure(ErasureExecution execution) : TaskActivity<ErasureStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ErasureStepInput input)
    {
        await execution.CompleteAsync(input.TenantId, input.RequestId, context.CancellationToken);
        return true;
    }
}

public sealed class FailErasure(ErasureExecution execution) : TaskActivity<ErasureStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, ErasureStepInput input)
    {
        await execution.FailAsync(input.TenantId, input.RequestId, input.Reason ?? "A step failed.", context.CancellationToken);
        return true;
    }
}

/// <summary>Expires the plan unless it was decided just before; returns the erasure's status (Expired, or the decision's).</summary>
public sealed class ExpireErasure(ErasureExecution execution) : TaskActivity<ErasureStepInput, ErasureStatus>
{
    public override Task<ErasureStatus> RunAsync(TaskActivityContext context, ErasureStepInput input) =>
        execution.ExpireAsync(input.TenantId, input.RequestId, input.Waited ?? TimeSpan.Zero, context.CancellationToken);
}
