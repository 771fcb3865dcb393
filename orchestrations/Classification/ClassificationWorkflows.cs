using DataGovernance.Classification;
using DataGovernance.Orchestrations.Engine;
using DataGovernance.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Orchestrations.Classification;

public static class ClassificationWorkflows
{
    /// <summary>The queue function that classifies each written record, and the tenant re-scan.</summary>
    public static IServiceCollection AddClassificationWorkflows(this IServiceCollection services)
    {
        services.AddFunction(ClassificationQueue.Function);
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<RescanOrchestration>()
            .AddActivity<ReadRescanBasis>()
            .AddActivity<PlanRescan>()
            .AddActivity<ClassifyRecordChunk>()
            .AddActivity<RemoveOrphanedClassifications>()
            .AddActivity<RecountSensitivityMap>());
        services.AddSingleton<ClassificationRescan>();
        services.AddSingleton<RescanOperations>();
        return services;
    }
}
