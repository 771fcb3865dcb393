using DataGovernance.EvidencePackages;

namespace DataGovernance.Orchestrations.EvidencePackages;

/// <summary>Starts the workflow that builds an evidence package; the instance id is the package's, so a repeated start is the same build.</summary>
public sealed class EvidencePackageOperations(DurableTaskClient client) : IEvidencePackageStarter
{
    public static string InstanceId(string tenantId, string packageId) => $"evidence-package:{tenantId}:{packageId}";

    public Task StartAsync(string tenantId, string packageId, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(nameof(EvidencePackageOrchestration), new EvidencePackageInput(tenantId, packageId),
            StartOrchestrationOptions.ForTenant(tenantId, InstanceId(tenantId, packageId)), cancellationToken);
}
