using DataGovernance.EvidencePackages;

namespace DataGovernance.Orchestrations.EvidencePackages;

/// <summary>Adds a step to the package's chain of custody (once, however often it is retried).</summary>
public sealed class RecordEvidencePackageStep(EvidencePackageService packages) : TaskActivity<EvidencePackageStepInput, bool>
{
    public override async Task<bool> RunAsync(TaskActivityContext context, EvidencePackageStepInput input)
    {
        await packages.RecordStepAsync(input.TenantId, input.PackageId, input.Step, EvidencePackageService.Builder, input.At, context.CancellationToken);
        return true;
    }
}

/// <summary>Writes the package's ZIP (see <see cref="EvidencePackageWriter"/>).</summary>
public sealed class WriteEvidencePackage(EvidencePackageService packages) : TaskActivity<EvidencePackageInput, EvidencePackageOutcome>
{
    public override Task<EvidencePackageOutcome> RunAsync(TaskActivityContext context, EvidencePackageInput input) =>
        packages.WriteAsync(input.TenantId, input.PackageId, context.CancellationToken);
}

/// <summary>Records the package Completed with its contents, or Failed with the reason.</summary>
public sealed class FinishEvidencePackage(EvidencePackageService packages) : TaskActivity<EvidencePackageFinish, EvidencePackageStatus>
{
    public override Task<EvidencePackageStatus> RunAsync(TaskActivityContext context, EvidencePackageFinish input) =>
        packages.FinishAsync(input.TenantId, input.PackageId, input.Outcome, input.At, context.CancellationToken);
}
