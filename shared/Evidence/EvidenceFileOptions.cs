using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Evidence;

/// <summary>What an evidence file may be: how large, and which content types the hub accepts.</summary>
public sealed class EvidenceFileOptions
{
    public const string SectionName = "Hub:EvidenceFiles";

    /// <summary>The largest file one upload may carry, in bytes.</summary>
    public long MaxFileBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>The content types accepted, comma-separated (parameters such as <c>charset</c> are ignored when comparing).</summary>
    public string AllowedContentTypes { get; set; } =
        "application/pdf,image/png,image/jpeg,text/plain,text/csv,application/json,application/zip," +
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    public IReadOnlySet<string> AllowedTypes() =>
        AllowedContentTypes.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(type => type.ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);

    public bool IsValid() => MaxFileBytes > 0 && AllowedTypes().Count > 0;
}

public static class EvidenceFileRegistration
{
    public static IServiceCollection AddEvidenceFiles(this IServiceCollection services)
    {
        services.AddOptions<EvidenceFileOptions>().BindConfiguration(EvidenceFileOptions.SectionName)
            .Validate(options => options.IsValid(), $"{EvidenceFileOptions.SectionName}: MaxFileBytes must be positive and AllowedContentTypes name at least one type.")
            .ValidateOnStart();
        services.AddSingleton<EvidenceFileStore>();
        services.AddSingleton<EvidenceFileService>();
        return services;
    }
}
