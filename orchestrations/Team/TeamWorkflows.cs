using DataGovernance.Runtime;
using DataGovernance.Team;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Team;

public static class TeamWorkflows
{
    public static IServiceCollection AddTeamWorkflows(this IServiceCollection services)
    {
        services.AddSingleton<DelegationExpiry>();
        // The schedule is a setting, so the definition is built once options can be read.
        services.AddSingleton(provider => FunctionDefinition.Timer(DelegationExpiry.FunctionName,
            provider.GetRequiredService<IOptions<TeamOptions>>().Value.DelegationExpirySchedule,
            (_, scope, ct) => scope.GetRequiredService<DelegationExpiry>().RunAsync(ct)));
        return services;
    }
}
