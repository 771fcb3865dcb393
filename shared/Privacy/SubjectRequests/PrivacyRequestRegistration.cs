using DataGovernance.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Privacy;

public static class PrivacyRequestRegistration
{
    /// <summary>Data subject requests, their verification, deadline alerts and the notification outbox they write to.</summary>
    public static IServiceCollection AddPrivacyRequests(this IServiceCollection services)
    {
        services.AddOptions<PrivacyRequestOptions>().BindConfiguration(PrivacyRequestOptions.SectionName)
            .Validate(options => options.IsValid(), "Hub:PrivacyRequests: DueSoonDays 1–60, VerificationCodeLifetime up to 14 days, VerificationMaxAttempts 1–20.")
            .ValidateOnStart();
        services.AddSingleton<NotificationOutbox>();
        services.AddSingleton<PrivacyRequestStore>();
        services.AddSingleton<PrivacyRequestJournal>();
        services.AddSingleton<PrivacyRequestVerification>();
        services.AddSingleton<PrivacyRequestService>();
        services.AddSingleton<PrivacyRequestAlerts>();
        return services;
    }
}
