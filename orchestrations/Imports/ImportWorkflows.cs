using DataGovernance.Orchestrations.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Orchestrations.Imports;

public static class ImportWorkflows
{
    public static IServiceCollection AddImportWorkflows(this IServiceCollection services)
    {
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<ImportOrchestration>()
            .AddActivity<FreezeImportRecords>()
            .AddActivity<BuildImportGeneration>()
            .AddActivity<SwitchImportGeneration>()
            .AddActivity<CompleteImport>()
            .AddActivity<AbandonImport>()
            .AddActivity<DeleteImportReplacedGeneration>());
        services.AddSingleton<ImportOperations>();
        return services;
    }
}
