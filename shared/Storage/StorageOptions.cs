using System.ComponentModel.DataAnnotations;

namespace DataGovernance.Storage;

/// <summary>Connection strings of the two storage accounts: the primary and the secondary region.</summary>
public sealed class StorageOptions
{
    /// <summary>Functions' own setting name for the primary account.</summary>
    public const string PrimaryKey = "AzureWebJobsStorage";

    public const string SecondaryKey = "Hub:SecondaryStorage";

    [Required]
    public string PrimaryConnectionString { get; set; } = "";

    [Required]
    public string SecondaryConnectionString { get; set; } = "";
}
