using DataGovernance.Views;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Exports;

public static class ExportServiceCollectionExtensions
{
    /// <summary>Saved views and bulk exports; the workflows register the <see cref="IExportStarter"/>.</summary>
    public static IServiceCollection AddExports(this IServiceCollection services)
    {
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.SectionName)
            .Validate(options => options.IsValid(), ExportOptions.Requirement)
            .ValidateOnStart();
        services.AddSingleton<DataViewStore>();
        services.AddSingleton<ViewRecords>();
        services.AddSingleton<DataViewService>();
        services.AddSingleton<ExportStore>();
        services.AddSingleton<ExportMasking>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<ExportJob>();
        return services;
    }
}
