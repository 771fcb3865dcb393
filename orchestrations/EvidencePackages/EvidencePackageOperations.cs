using DataGovernance.EvidencePackages;
using DataGovernance.Outcomes;
using DataGovernance.Security;

namespace DataGovernance.Orchestrations.EvidencePackages;

/// <summary>Opens evidence packages and starts the workflow that builds them.</summary>
public sealed class EvidencePackageOperations(EvidencePackageService packages, DurableTaskClient client, TimeProvider clock)
{
    public static string InstanceId(string tenantId, string packageId) => $"evidence-package:{tenantId}:{packageId}";

    public async Task<Result<EvidencePackage>> StartAsync(string tenantId, EvidencePackageRequest request, Actor requester, CancellationToken cancellationToken)
    {
        var opened = await packages.OpenAsync(tenantId, request, requester, cancellationToken);
        if (!opened.Succeeded)
        {
            return opened;
        }
        var package = opened.Value;
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(EvidencePackageOrchestration), new EvidencePackageInput(tenantId, package.Id),
                StartOrchestrationOptions.ForTenant(tenantId, InstanceId(tenantId, package.Id)), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A package whose workflow never started must not stay "Building" for ever.
            await packages.FinishAsync(tenantId, package.Id, new EvidencePackageOutcome(null, "The package could not be started."), clock.GetUtcNow(), CancellationToken.None);
            throw;
        }
        return package;
    }
}
