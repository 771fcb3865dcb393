using DataGovernance.Orchestrations.Engine;
using DataGovernance.Privacy;
using DataGovernance.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Privacy;

public static class PrivacyRequestWorkflows
{
    public static IServiceCollection AddPrivacyRequestWorkflows(this IServiceCollection services)
    {
        services.AddSingleton<PrivacyRequestDeadlineCheck>();
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<ErasureOrchestration>()
            .AddActivity<PlanErasure>()
            .AddActivity<EraseRecords>()
            .AddActivity<DeleteTenantImportFiles>()
            .AddActivity<ReplicateErasureLedger>()
            .AddActivity<CertifyErasure>()
            .AddActivity<CompleteErasure>()
            .AddActivity<FailErasure>()
            .AddActivity<ExpireErasure>());
        services.AddSingleton<ErasureOperations>();
        // The schedule is a setting, so the definition is built once options can be read.
        services.AddSingleton(provider => FunctionDefinition.Timer(PrivacyRequestDeadlineCheck.FunctionName,
            provider.GetRequiredService<IOptions<PrivacyRequestOptions>>().Value.DeadlineCheckSchedule,
            (_, scope, ct) => scope.GetRequiredService<PrivacyRequestDeadlineCheck>().RunAsync(ct)));
        return services;
    }
}
