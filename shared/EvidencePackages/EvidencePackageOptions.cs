using DataGovernance.Evidence;
using DataGovernance.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.EvidencePackages;

/// <summary>How much of an uploaded package the hub reads when asked to verify it.</summary>
public sealed class EvidencePackageOptions
{
    public const string SectionName = "Hub:EvidencePackages";

    /// <summary>The largest ZIP a verification upload may carry, in bytes.</summary>
    public long MaxVerifyBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>The most entries a ZIP to verify may have.</summary>
    public int MaxEntries { get; set; } = 10_000;

    /// <summary>The most bytes the entries of a ZIP to verify may expand to, all together.</summary>
    public long MaxUncompressedBytes { get; set; } = 4L * 1024 * 1024 * 1024;

    /// <summary>The highest compression ratio (uncompressed : compressed) an entry of 1 MiB or more may have; ZIP bombs have thousands.</summary>
    public int MaxCompressionRatio { get; set; } = 100;

    public ZipLimits Limits() => new(MaxEntries, MaxUncompressedBytes, MaxCompressionRatio);

    public bool IsValid() => MaxVerifyBytes > 0 && MaxEntries > 0 && MaxUncompressedBytes > 0 && MaxCompressionRatio > 0;
}

public static class EvidencePackageRegistration
{
    public static IServiceCollection AddEvidencePackages(this IServiceCollection services)
    {
        services.AddEvidenceFiles();
        services.AddOptions<EvidencePackageOptions>().BindConfiguration(EvidencePackageOptions.SectionName)
            .Validate(options => options.IsValid(), $"{EvidencePackageOptions.SectionName}: every limit must be positive.")
            .ValidateOnStart();
        services.AddSingleton<EvidencePackageStore>();
        services.AddSingleton<EvidenceSelection>();
        services.AddSingleton<EvidencePackageWriter>();
        services.AddSingleton<EvidencePackageService>();
        return services;
    }
}
