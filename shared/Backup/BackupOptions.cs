namespace DataGovernance.Backup;

/// <summary>Where the two storage accounts are, and the backup settings operators tune.</summary>
public sealed class BackupOptions
{
    public const string SectionName = "Hub:Backup";

    /// <summary>Azure region of the primary storage account, for example <c>westeurope</c>.</summary>
    public string PrimaryRegion { get; set; } = "westeurope";

    /// <summary>Azure region of the secondary storage account that holds the replicas.</summary>
    public string SecondaryRegion { get; set; } = "northeurope";

    /// <summary>How long a pending replica waits before its first catch-up attempt; each failed attempt doubles it.</summary>
    public TimeSpan ReplicationRetryDelay { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a restore waits for a second administrator's approval before it is cancelled.</summary>
    public TimeSpan ApprovalTimeout { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the rows of a generation replaced by a restore are kept for readers still paging through it.</summary>
    public TimeSpan ReplacedGenerationGrace { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>The data-residency geography of the Azure regions the hub deploys to.</summary>
public static class RegionGeography
{
    private static readonly Dictionary<string, string> Geographies = new(StringComparer.OrdinalIgnoreCase)
    {
        ["westeurope"] = "eu", ["northeurope"] = "eu", ["germanywestcentral"] = "eu", ["francecentral"] = "eu", ["swedencentral"] = "eu",
        ["uksouth"] = "uk", ["ukwest"] = "uk",
        ["eastus"] = "us", ["eastus2"] = "us", ["westus2"] = "us", ["centralus"] = "us",
        ["canadacentral"] = "ca", ["canadaeast"] = "ca",
        ["switzerlandnorth"] = "ch", ["switzerlandwest"] = "ch",
        ["australiaeast"] = "au", ["australiasoutheast"] = "au",
        ["japaneast"] = "jp", ["japanwest"] = "jp",
        ["centralindia"] = "in", ["southindia"] = "in",
    };

    public static string? Of(string region) => Geographies.GetValueOrDefault(region);

    /// <summary>Null when a tenant with <paramref name="residency"/> may have data in <paramref name="region"/>; otherwise why not.</summary>
    public static string? Refusal(string residency, string region)
    {
        if (residency == Tenancy.DataResidency.Global)
        {
            return null;
        }
        var geography = Of(region);
        return geography == residency
            ? null
            : $"The tenant's data must stay in '{residency}'; region '{region}' is in '{geography ?? "an unknown geography"}'.";
    }
}
