using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DataGovernance.Runtime;

public static class RuntimeServiceCollectionExtensions
{
    /// <summary>The function catalog, the trigger listeners (a hosted service), Event Grid dispatch and local events.</summary>
    public static IServiceCollection AddFunctionRuntime(this IServiceCollection services)
    {
        services.AddOptions<TriggerOptions>().BindConfiguration(TriggerOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TriggerOptions>, TriggerOptionsValidation>();
        services.AddSingleton(provider => HostingMode.From(provider.GetRequiredService<IConfiguration>()));
        services.AddSingleton<FunctionCatalog>();
        services.AddSingleton<FunctionInvoker>();
        services.AddSingleton<QueueSignals>();
        services.AddSingleton<TimerScheduleStore>();
        services.AddSingleton<BlobSingleton>();
        services.AddSingleton<EventDeliveryStore>();
        services.AddSingleton<EventGridDispatcher>();
        services.AddSingleton<LocalEvents>();
        services.AddSingleton<WatchedBlobWriter>();
        services.AddFunction(LocalEvents.Function);
        services.AddHostedService<TriggerHost>();
        return services;
    }
}
