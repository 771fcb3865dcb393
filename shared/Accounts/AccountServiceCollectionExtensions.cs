using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Accounts;

public static class AccountServiceCollectionExtensions
{
    public static IServiceCollection AddHubAccounts(this IServiceCollection services)
    {
        services.AddOptions<AccountOptions>()
            .BindConfiguration(AccountOptions.SectionName)
            .Validate(options => string.IsNullOrWhiteSpace(options.TokenSigningKey) || options.IsConfigured,
                $"{AccountOptions.SectionName}:TokenSigningKey must be base64 of at least {AccountOptions.MinimumKeyBytes} bytes.")
            .Validate(options => options.PasswordHashIterations >= 100_000, $"{AccountOptions.SectionName}:PasswordHashIterations must be at least 100000.")
            .ValidateOnStart();
        services.AddOptions<SignInProtectionOptions>().BindConfiguration(SignInProtectionOptions.SectionName);
        services.AddSingleton<AccountStore>();
        services.AddSingleton<AccountPasswords>();
        services.AddSingleton<AccountTokens>();
        services.AddSingleton<SessionStore>();
        services.AddSingleton<SessionService>();
        services.AddSingleton<SignInPolicyService>();
        services.AddSingleton<SignInProtection>();
        services.AddSingleton<SignInService>();
        services.AddSingleton<InvitationService>();
        return services;
    }
}
