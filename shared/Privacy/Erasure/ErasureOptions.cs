using DataGovernance.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Privacy;

/// <summary>Erasure of data subjects: the key their pseudonyms derive from and how long a plan waits for approval.</summary>
public sealed class ErasureOptions
{
    public const string SectionName = "Hub:Erasure";

    public const int MinimumKeyBytes = 32;

    /// <summary>
    /// Base64 of at least 32 random bytes; keep it in Key Vault in Azure. Pseudonyms are HMAC-SHA256 of the tenant and
    /// the subject's identifier under this key: changing it gives people erased afterwards different pseudonyms.
    /// </summary>
    public string PseudonymKey { get; set; } = "";

    /// <summary>How long an erasure plan waits for a data protection officer's approval before it expires (1 hour to 90 days).</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromDays(30);

    public const string Requirement =
        $"{SectionName}:PseudonymKey must be the base64 of at least 32 random bytes (openssl rand -base64 32), " +
        $"and {SectionName}:ApprovalTimeout between 1 hour and 90 days.";

    public byte[]? PseudonymKeyBytes() => KeySettings.Decode(PseudonymKey, MinimumKeyBytes);

    public bool IsValid() =>
        PseudonymKeyBytes() is not null && ApprovalTimeout >= TimeSpan.FromHours(1) && ApprovalTimeout <= TimeSpan.FromDays(90);
}

public static class ErasureRegistration
{
    public static IServiceCollection AddErasures(this IServiceCollection services)
    {
        services.AddOptions<ErasureOptions>().BindConfiguration(ErasureOptions.SectionName)
            .Validate(options => options.IsValid(), ErasureOptions.Requirement);
        services.AddSingleton<Pseudonyms>();
        services.AddSingleton<ErasureStore>();
        services.AddSingleton<ErasureCertificates>();
        services.AddSingleton<ErasureService>();
        services.AddSingleton<ErasureDiscovery>();
        services.AddSingleton<ErasureExecution>();
        services.AddSingleton<ErasedSubjects>();
        services.AddSingleton<ErasureImportFiles>();
        return services;
    }

    public static IServiceCollection ValidateErasureOnStart(this IServiceCollection services)
    {
        services.AddOptions<ErasureOptions>().ValidateOnStart();
        return services;
    }
}
