using DataGovernance.EvidencePackages;
using DataGovernance.Orchestrations.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Orchestrations.EvidencePackages;

public static class EvidencePackageWorkflows
{
    public static IServiceCollection AddEvidencePackageWorkflows(this IServiceCollection services)
    {
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<EvidencePackageOrchestration>()
            .AddActivity<RecordEvidencePackageStep>()
            .AddActivity<WriteEvidencePackage>()
            .AddActivity<FinishEvidencePackage>());
        services.AddSingleton<EvidencePackageOperations>();
        services.AddSingleton<IEvidencePackageStarter>(provider => provider.GetRequiredService<EvidencePackageOperations>());
        return services;
    }
}
