using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Security;

/// <summary>
/// The key that signs the hub's evidence (restore drill reports and other audit artefacts): an ECDSA P-256
/// private key as PKCS#8 PEM. Without one the hub refuses to start, unless a development machine explicitly
/// asks for a generated key (kept in the <c>hub-keys</c> container so that reports stay verifiable across restarts).
/// </summary>
public sealed class EvidenceSigningOptions
{
    public const string SectionName = "Hub:Signing";

    /// <summary>PKCS#8 PEM (<c>-----BEGIN PRIVATE KEY-----</c>) of an ECDSA P-256 key; keep it in Key Vault in Azure.</summary>
    public string EvidenceKeyPem { get; set; } = "";

    /// <summary>Local runs and tests only: without <see cref="EvidenceKeyPem"/>, generate a key once and keep it in blob storage.</summary>
    public bool GenerateDevelopmentKey { get; set; }

    public const string Requirement =
        $"{SectionName}:EvidenceKeyPem must be the PKCS#8 PEM of an ECDSA P-256 private key (on a development machine, " +
        $"{SectionName}:GenerateDevelopmentKey=true uses a generated key instead).";

    public bool IsUsable()
    {
        if (string.IsNullOrWhiteSpace(EvidenceKeyPem))
        {
            return GenerateDevelopmentKey;
        }
        using var key = TryImport(EvidenceKeyPem);
        return key is not null;
    }

    /// <summary>The key of <paramref name="pem"/> when it is an ECDSA P-256 private key; otherwise null.</summary>
    public static ECDsa? TryImport(string pem)
    {
        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize == 256 && key.ExportParameters(false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                return key;
            }
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            // Not a usable key; reported by the caller.
        }
        key.Dispose();
        return null;
    }
}

public static class EvidenceSigningRegistration
{
    /// <summary>
    /// The signer and its options, validated when first used; hosts that sign evidence also validate them at start
    /// (<see cref="ValidateEvidenceSigningOnStart"/>) so that a missing key stops the deployment, not the first drill.
    /// </summary>
    public static IServiceCollection AddEvidenceSigning(this IServiceCollection services)
    {
        services.AddOptions<EvidenceSigningOptions>().BindConfiguration(EvidenceSigningOptions.SectionName)
            .Validate(options => options.IsUsable(), EvidenceSigningOptions.Requirement);
        services.AddSingleton<EvidenceSigner>();
        return services;
    }

    public static IServiceCollection ValidateEvidenceSigningOnStart(this IServiceCollection services)
    {
        services.AddOptions<EvidenceSigningOptions>().ValidateOnStart();
        return services;
    }
}
