using DataGovernance.Security;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Mfa;

/// <summary>
/// Multi-factor authentication with authenticator apps: the key that encrypts the apps' shared secrets at rest
/// and the issuer name the apps show next to each account.
/// </summary>
public sealed class MfaOptions
{
    public const string SectionName = "Hub:Mfa";

    /// <summary>Base64 of 32 random bytes (AES-256); keep it in Key Vault in Azure. Losing it disables every enrolled device.</summary>
    public string SecretEncryptionKey { get; set; } = "";

    /// <summary>The name authenticator apps show for the hub's accounts.</summary>
    public string Issuer { get; set; } = "DataGovernance Hub";

    public const string Requirement =
        $"{SectionName}:SecretEncryptionKey must be the base64 of exactly 32 random bytes (openssl rand -base64 32), " +
        $"and {SectionName}:Issuer a name of 1–64 characters without ':'.";

    /// <summary>The key bytes when <see cref="SecretEncryptionKey"/> is the base64 of 32 bytes; otherwise null.</summary>
    public byte[]? EncryptionKeyBytes() => KeySettings.Decode(SecretEncryptionKey, MfaSecretEncryption.KeySize, MfaSecretEncryption.KeySize);

    // The issuer is also the label prefix of the key URI ("Issuer:account"), where a colon would split it wrongly.
    public bool IsValid() =>
        EncryptionKeyBytes() is not null && Issuer.Trim() is { Length: >= 1 and <= 64 } issuer && !issuer.Contains(':', StringComparison.Ordinal);
}

public static class MfaRegistration
{
    /// <summary>The MFA store and service, with options validated when first used (see <see cref="ValidateMfaOnStart"/>).</summary>
    public static IServiceCollection AddMfa(this IServiceCollection services)
    {
        services.AddOptions<MfaOptions>().BindConfiguration(MfaOptions.SectionName).Validate(options => options.IsValid(), MfaOptions.Requirement);
        services.AddSingleton<MfaSecretEncryption>();
        services.AddSingleton<MfaDeviceStore>();
        services.AddSingleton<BackupCodeStore>();
        services.AddSingleton<MfaService>();
        return services;
    }

    /// <summary>Hosts that serve sign-in validate the key at start, so that a missing key stops a deployment, not a sign-in.</summary>
    public static IServiceCollection ValidateMfaOnStart(this IServiceCollection services)
    {
        services.AddOptions<MfaOptions>().ValidateOnStart();
        return services;
    }
}
