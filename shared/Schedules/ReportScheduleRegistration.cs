using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Schedules;

public static class ReportScheduleRegistration
{
    public static IServiceCollection AddReportSchedules(this IServiceCollection services)
    {
        services.AddOptions<ReportScheduleOptions>().BindConfiguration(ReportScheduleOptions.SectionName)
            .Validate(options => options.IsValid(), ReportScheduleOptions.Requirement).ValidateOnStart();
        services.AddSingleton<ReportScheduleStore>();
        services.AddSingleton<ScheduledRunStore>();
        services.AddSingleton<ReportScheduleService>();
        services.AddSingleton<RunNotifications>();
        services.AddSingleton<ScheduledRunService>();
        return services;
    }
}
