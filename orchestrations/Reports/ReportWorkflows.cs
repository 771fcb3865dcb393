using DataGovernance.Orchestrations.Engine;
using DataGovernance.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Orchestrations.Reports;

public static class ReportWorkflows
{
    public static IServiceCollection AddReportWorkflows(this IServiceCollection services)
    {
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<ScheduledRunOrchestration>()
            .AddActivity<MarkScheduledRunStarted>()
            .AddActivity<WriteScheduledReport>()
            .AddActivity<StartScheduledExport>()
            .AddActivity<CheckScheduledExport>()
            .AddActivity<CompleteScheduledRun>()
            .AddActivity<FailScheduledRun>()
            .AddActivity<NotifyScheduledRun>());
        services.AddSingleton<ScheduledRunOperations>();
        services.AddSingleton<ReportScheduler>();
        services.AddFunction(FunctionDefinition.Timer(ReportScheduler.FunctionName, ReportScheduler.Schedule,
            (_, scope, ct) => scope.GetRequiredService<ReportScheduler>().RunAsync(ct)));
        return services;
    }
}
