namespace DataGovernance.Privacy;

/// <summary>
/// The country each Azure region's datacentres are in (Microsoft's "Azure geographies" page), so that a storage
/// region can be checked like any other transfer destination. A region missing here is refused, never guessed.
/// </summary>
public static class AzureRegionCountries
{
    private static readonly Dictionary<string, string> Countries = new(StringComparer.OrdinalIgnoreCase)
    {
        ["westeurope"] = "NL", ["northeurope"] = "IE", ["germanywestcentral"] = "DE", ["germanynorth"] = "DE",
        ["francecentral"] = "FR", ["francesouth"] = "FR", ["swedencentral"] = "SE", ["norwayeast"] = "NO", ["norwaywest"] = "NO",
        ["polandcentral"] = "PL", ["italynorth"] = "IT", ["spaincentral"] = "ES",
        ["uksouth"] = "GB", ["ukwest"] = "GB",
        ["switzerlandnorth"] = "CH", ["switzerlandwest"] = "CH",
        ["eastus"] = "US", ["eastus2"] = "US", ["centralus"] = "US", ["northcentralus"] = "US", ["southcentralus"] = "US",
        ["westus"] = "US", ["westus2"] = "US", ["westus3"] = "US", ["westcentralus"] = "US",
        ["canadacentral"] = "CA", ["canadaeast"] = "CA", ["brazilsouth"] = "BR", ["mexicocentral"] = "MX",
        ["australiaeast"] = "AU", ["australiasoutheast"] = "AU", ["japaneast"] = "JP", ["japanwest"] = "JP",
        ["koreacentral"] = "KR", ["koreasouth"] = "KR", ["centralindia"] = "IN", ["southindia"] = "IN", ["westindia"] = "IN",
        ["southeastasia"] = "SG", ["eastasia"] = "HK", ["uaenorth"] = "AE", ["qatarcentral"] = "QA", ["israelcentral"] = "IL",
        ["southafricanorth"] = "ZA", ["newzealandnorth"] = "NZ",
    };

    public static string? CountryOf(string region) => Countries.GetValueOrDefault(region);

    public static bool IsKnown(string region) => Countries.ContainsKey(region);
}
