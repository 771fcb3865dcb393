using DataGovernance.Orchestrations.Engine;
using DataGovernance.Privacy;
using DataGovernance.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Privacy;

public static class RetentionWorkflows
{
    public static IServiceCollection AddRetentionWorkflows(this IServiceCollection services)
    {
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<RetentionRunOrchestration>()
            .AddActivity<ListRetentionTargets>()
            .AddActivity<ApplyRetentionBatch>()
            .AddActivity<CompleteRetentionRun>()
            .AddActivity<FailRetentionRun>());
        services.AddSingleton<RetentionRunOperations>();
        services.AddSingleton<RetentionScheduler>();
        // The schedule is a setting, so the definition is built once options can be read.
        services.AddSingleton(provider => FunctionDefinition.Timer(RetentionScheduler.FunctionName,
            provider.GetRequiredService<IOptions<RetentionOptions>>().Value.Schedule,
            (_, scope, ct) => scope.GetRequiredService<RetentionScheduler>().RunAsync(ct)));
        return services;
    }
}
