using DataGovernance.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Downloads;

/// <summary>
/// Expiring download links: the key that signs them and how long a new link works. A link names one blob and its
/// tenant; anyone holding it may fetch that blob until it expires, without signing in.
/// </summary>
public sealed class DownloadLinkOptions
{
    public const string SectionName = "Hub:Downloads";

    public const int MinimumKeyBytes = 32;

    /// <summary>Base64 of at least 32 random bytes (HMAC-SHA256); keep it in Key Vault in Azure. Changing it voids every link handed out.</summary>
    public string SigningKey { get; set; } = "";

    /// <summary>How long a link works after it was made (at most 7 days).</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(15);

    public const string Requirement =
        $"{SectionName}:SigningKey must be the base64 of at least 32 random bytes (openssl rand -base64 32), " +
        $"and {SectionName}:LinkLifetime between 1 minute and 7 days.";

    public byte[]? SigningKeyBytes() => KeySettings.Decode(SigningKey, MinimumKeyBytes);

    public bool IsValid() =>
        SigningKeyBytes() is not null && LinkLifetime >= TimeSpan.FromMinutes(1) && LinkLifetime <= TimeSpan.FromDays(7);
}

public static class DownloadLinkRegistration
{
    /// <summary>The link signer, with options validated when first used (hosts that serve downloads also validate them at start).</summary>
    public static IServiceCollection AddDownloadLinks(this IServiceCollection services)
    {
        services.AddOptions<DownloadLinkOptions>().BindConfiguration(DownloadLinkOptions.SectionName)
            .Validate(options => options.IsValid(), DownloadLinkOptions.Requirement);
        services.AddSingleton<DownloadLinks>();
        return services;
    }

    public static IServiceCollection ValidateDownloadLinksOnStart(this IServiceCollection services)
    {
        services.AddOptions<DownloadLinkOptions>().ValidateOnStart();
        return services;
    }
}
