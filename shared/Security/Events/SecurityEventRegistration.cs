using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Security.Events;

public static class SecurityEventRegistration
{
    public static IServiceCollection AddSecurityEvents(this IServiceCollection services)
    {
        services.AddOptions<SecurityDetectionOptions>().BindConfiguration(SecurityDetectionOptions.SectionName)
            .Validate(options => options.IsValid,
                $"{SecurityDetectionOptions.SectionName}: thresholds at least 2 (accounts at least 1 and at most the failures), windows between 0 and 1 day.")
            .ValidateOnStart();
        services.AddSingleton<SecurityEventStore>();
        services.AddSingleton<SecurityDetectionStore>();
        services.AddSingleton<ISecurityDetector, FailureBurstDetector>();
        services.AddSingleton<ISecurityDetector, AdminNewIpDetector>();
        services.AddSingleton<ISecurityDetector, RoleElevationDetector>();
        services.AddSingleton<ISecurityDetector, MassExportDetector>();
        services.AddSingleton<SecurityEventService>();
        services.AddSingleton<SecurityDashboardService>();
        return services;
    }
}
