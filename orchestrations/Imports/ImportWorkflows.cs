using DataGovernance.Orchestrations.Engine;
using DataGovernance.Runtime;
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
            .AddActivity<NotifyImportObservers>()
            .AddActivity<DeleteImportReplacedGeneration>());
        services.AddSingleton<ImportOperations>();
        services.AddSingleton<ImportRunEnding>();
        services.AddFunction(FunctionDefinition.Timer(ImportRunEnding.FunctionName, ImportRunEnding.Schedule,
            (_, scope, ct) => scope.GetRequiredService<ImportRunEnding>().EndStoppedRunsAsync(ct)));
        return services;
    }
}
