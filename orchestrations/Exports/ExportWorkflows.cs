using DataGovernance.Exports;
using DataGovernance.Orchestrations.Engine;
using DataGovernance.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Exports;

public static class ExportWorkflows
{
    public static IServiceCollection AddExportWorkflows(this IServiceCollection services)
    {
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<ExportOrchestration>()
            .AddActivity<WriteExportFile>()
            .AddActivity<CompleteExport>()
            .AddActivity<FailExport>());
        services.AddSingleton<ExportOperations>();
        services.AddSingleton<IExportStarter>(provider => provider.GetRequiredService<ExportOperations>());
        services.AddSingleton<ExportExpiry>();
        services.AddSingleton(provider => FunctionDefinition.Timer(ExportExpiry.FunctionName,
            provider.GetRequiredService<IOptions<ExportOptions>>().Value.ExpirySchedule,
            (_, scope, ct) => scope.GetRequiredService<ExportExpiry>().RunAsync(ct)));
        return services;
    }
}
