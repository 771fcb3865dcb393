using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Imports;

/// <summary>Limits of an import file and the defaults of its cleansing.</summary>
public sealed class ImportOptions
{
    public const string SectionName = "Hub:Imports";

    /// <summary>The largest upload the request pipeline lets through at all; <see cref="MaxUploadBytes"/> must stay below it.</summary>
    public const long UploadCeiling = 1L << 30;

    /// <summary>The largest file a tenant may upload, in bytes; a larger upload stops at this size with 413 import-too-large.</summary>
    public long MaxUploadBytes { get; set; } = 50L * 1024 * 1024;

    /// <summary>Data rows one import may hold; reading stops at the first row past it.</summary>
    public int MaxRows { get; set; } = 200_000;

    /// <summary>Characters one cell may hold.</summary>
    public int MaxCellCharacters { get; set; } = 10_000;

    /// <summary>Columns a file may have.</summary>
    public int MaxColumns { get; set; } = 100;

    /// <summary>Region whose numbering plan reads phone numbers written without a country code (ISO 3166 alpha-2).</summary>
    public string DefaultPhoneRegion { get; set; } = "DE";

    /// <summary>Entries an XLSX file (a ZIP) may hold.</summary>
    public int MaxXlsxEntries { get; set; } = 1_000;

    /// <summary>Bytes the entries of an XLSX file may expand to, all together.</summary>
    public long MaxXlsxUncompressedBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>How many times larger than its compressed size one XLSX entry may be.</summary>
    public int MaxXlsxCompressionRatio { get; set; } = 100;

    /// <summary>How long the replaced record generation stays readable after an import or rollback switched (hh:mm:ss).</summary>
    public TimeSpan ReplacedGenerationGrace { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long after a batch's last activity its files (upload, accepted rows, error report) are kept; then they are deleted.</summary>
    public TimeSpan FileRetention { get; set; } = TimeSpan.FromDays(30);

    public const string Requirement =
        $"{SectionName}: MaxUploadBytes 1 KiB to 1 GiB, MaxRows 1 to 1,000,000, MaxCellCharacters 100 to 1,000,000, MaxColumns 1 to 500, " +
        "DefaultPhoneRegion two letters, MaxXlsxEntries at least 10, MaxXlsxUncompressedBytes at least 1 MiB, MaxXlsxCompressionRatio at least 10, " +
        "ReplacedGenerationGrace from 0 to 1 day, FileRetention 1 hour to 3650 days.";

    public bool IsValid() =>
        MaxUploadBytes is >= 1024 and <= UploadCeiling && MaxRows is >= 1 and <= 1_000_000 && MaxCellCharacters is >= 100 and <= 1_000_000
        && MaxColumns is >= 1 and <= 500 && DefaultPhoneRegion.Length == 2 && MaxXlsxEntries >= 10 && MaxXlsxUncompressedBytes >= 1024 * 1024
        && MaxXlsxCompressionRatio >= 10 && ReplacedGenerationGrace >= TimeSpan.Zero && ReplacedGenerationGrace <= TimeSpan.FromDays(1)
        && FileRetention >= TimeSpan.FromHours(1) && FileRetention <= TimeSpan.FromDays(3650);
}

public static class ImportRegistration
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration(ImportOptions.SectionName)
            .Validate(options => options.IsValid(), ImportOptions.Requirement).ValidateOnStart();
        services.AddSingleton<ImportBatchStore>();
        services.AddSingleton<ImportFiles>();
        services.AddSingleton<MappingTemplateStore>();
        services.AddSingleton<MappingTemplateService>();
        services.AddSingleton<ImportValidation>();
        services.AddSingleton<ImportService>();
        services.AddSingleton<ImportExecution>();
        services.AddSingleton<ImportFileRetention>();
        services.AddSingleton<ImportRollbackHolds>();
        return services;
    }
}
