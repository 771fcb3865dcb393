using DataGovernance.Orchestrations.Engine;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Orchestrations.Admin;

public static class AdminWorkflows
{
    public static IServiceCollection AddAdminWorkflows(this IServiceCollection services) =>
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<PurgeInstancesOrchestration>()
            .AddActivity<PurgeInstancesPage>());
}
