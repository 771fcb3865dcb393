using DataGovernance.Records;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Privacy;

public static class CrossBorderRegistration
{
    /// <summary>DPIAs (their store, journal and review; <see cref="DpiaService"/> itself is registered with the privacy contracts) and the cross-border rules with their vendor write check.</summary>
    public static IServiceCollection AddDpiasAndCrossBorder(this IServiceCollection services)
    {
        services.AddSingleton<DpiaStore>();
        services.AddSingleton<DpiaJournal>();
        services.AddSingleton<DpiaReview>();
        services.AddSingleton<CrossBorderStore>();
        services.AddSingleton<CrossBorderService>();
        services.AddSingleton<VendorTransferCheck>();
        services.AddSingleton<IRecordWriteCheck>(provider => provider.GetRequiredService<VendorTransferCheck>());
        services.AddSingleton<IRecordWriteObserver>(provider => provider.GetRequiredService<VendorTransferCheck>());
        return services;
    }
}
