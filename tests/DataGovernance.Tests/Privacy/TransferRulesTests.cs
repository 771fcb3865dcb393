using DataGovernance.Privacy;
using Xunit;

namespace DataGovernance.Tests.Privacy;

/// <summary>The cross-border rules as pure functions: residency, adequacy, mechanisms, categories, regions.</summary>
public sealed class TransferRulesTests
{
    private static CrossBorderRules Rules(string residency = "eu", string[]? regions = null, Dictionary<string, IReadOnlyList<string>>? countries = null) =>
        new("t", residency, regions ?? [], countries ?? [], 1, null, null);

    [Theory]
    [InlineData("DE", null, TransferStatus.Domestic)]
    [InlineData("NO", null, TransferStatus.Domestic)]
    [InlineData("JP", null, TransferStatus.Adequate)]
    [InlineData("GB", "none", TransferStatus.Adequate)]
    [InlineData("CH", null, TransferStatus.Adequate)]
    [InlineData("US", null, TransferStatus.MechanismRequired)]
    [InlineData("US", "none", TransferStatus.MechanismRequired)]
    [InlineData("US", "adequacy", TransferStatus.Safeguarded)]
    [InlineData("US", "scc", TransferStatus.Safeguarded)]
    [InlineData("IN", null, TransferStatus.MechanismRequired)]
    [InlineData("IN", "adequacy", TransferStatus.MechanismRequired)]
    [InlineData("IN", "bcr", TransferStatus.Safeguarded)]
    [InlineData("BR", "derogation", TransferStatus.Safeguarded)]
    public void EuTenant_MeasuresCountriesAgainstTheEeaAndTheCommissionsAdequacyList(string country, string? mechanism, TransferStatus expected) =>
        Assert.Equal(expected, TransferRules.Decide(Rules(), ["contact"], country, mechanism).Status);

    [Theory]
    [InlineData("uk", "FR", TransferStatus.Adequate)]
    [InlineData("uk", "GB", TransferStatus.Domestic)]
    [InlineData("uk", "GI", TransferStatus.Adequate)]
    [InlineData("uk", "CN", TransferStatus.MechanismRequired)]
    [InlineData("us", "DE", TransferStatus.MechanismRequired)]
    [InlineData("ch", "CH", TransferStatus.Domestic)]
    public void OtherResidencies_HaveTheirOwnHome_AndWithoutAnAdequacyListEveryOtherCountryNeedsAMechanism(string residency, string country, TransferStatus expected) =>
        Assert.Equal(expected, TransferRules.Decide(Rules(residency), ["usage"], country, null).Status);

    [Fact]
    public void ACategoryRestrictedToCountries_RefusesTheOthers_EvenWithAMechanism_AndNamesTheRefusedCategories()
    {
        var rules = Rules(countries: new() { ["health"] = ["EEA"], ["financial"] = ["EEA", "CH"] });

        var refused = TransferRules.Decide(rules, ["health", "financial", "contact"], "US", "scc");
        Assert.Equal(TransferStatus.NotAllowed, refused.Status);
        Assert.Equal(["financial", "health"], refused.RefusedCategories);
        Assert.Equal(TransferStatus.Adequate, TransferRules.Decide(rules, ["financial"], "CH", null).Status);
        Assert.Equal(TransferStatus.NotAllowed, TransferRules.Decide(rules, ["health"], "CH", null).Status);
        Assert.Equal(TransferStatus.Domestic, TransferRules.Decide(rules, ["health"], "IE", null).Status);
        Assert.Equal(TransferStatus.Safeguarded, TransferRules.Decide(rules, ["contact"], "US", "scc").Status);
    }

    [Fact]
    public void Regions_AreCheckedByTheirCountry_AgainstTheNamedRegionsAndEveryRestrictedCategory()
    {
        Assert.Null(TransferRules.RegionRefusal(Rules() with { Version = 0, AllowedRegions = ["westeurope"] }, "eastus"));
        Assert.Null(TransferRules.RegionRefusal(Rules(), "northeurope"));
        Assert.Contains("'eastus'", TransferRules.RegionRefusal(Rules(), "eastus"));
        Assert.Null(TransferRules.RegionRefusal(Rules(regions: ["eastus"]), "eastus"));
        Assert.Contains("westeurope", TransferRules.RegionRefusal(Rules(regions: ["westeurope"]), "northeurope"));
        Assert.Contains("health", TransferRules.RegionRefusal(Rules(countries: new() { ["health"] = ["DE", "NL"] }), "northeurope"));
        Assert.Null(TransferRules.RegionRefusal(Rules(countries: new() { ["health"] = ["DE", "NL"] }), "westeurope"));
        Assert.Contains("no country", TransferRules.RegionRefusal(Rules(), "moon-north"));
        Assert.Null(TransferRules.RegionRefusal(Rules(), "uksouth"));
    }

    [Fact]
    public void Validate_ReportsEveryBadField()
    {
        var result = TransferRules.Validate(new CrossBorderRulesRequest("mars", ["westeurope", "nowhere", null],
            new Dictionary<string, IReadOnlyList<string?>?> { ["health"] = ["DE", "de", "XX", "EEA"], ["gossip"] = ["DE"], ["usage"] = [] }));

        Assert.False(result.Succeeded);
        Assert.Equal(
            ["allowedCountries.gossip", "allowedCountries.health[1]", "allowedCountries.health[2]", "allowedCountries.usage", "allowedRegions[1]", "allowedRegions[2]", "residency"],
            result.Failure.Errors!.Keys.Order(StringComparer.Ordinal));
        var valid = TransferRules.Validate(new CrossBorderRulesRequest("eu", ["WestEurope"], new Dictionary<string, IReadOnlyList<string?>?> { ["health"] = ["EEA", "CH", "CH"] }));
        Assert.True(valid.Succeeded);
        Assert.Equal(["westeurope"], valid.Value.Regions);
        Assert.Equal(["EEA", "CH"], valid.Value.Countries["health"]);
    }

    [Fact]
    public void EveryMappedRegion_IsInACountry_AndTheAdequacyListsHoldNoEeaCountry()
    {
        foreach (var region in new[] { "westeurope", "northeurope", "uksouth", "eastus", "switzerlandnorth", "japaneast" })
        {
            Assert.True(TransferJurisdictions.IsCountryCode(AzureRegionCountries.CountryOf(region)), region);
        }
        Assert.Equal(30, TransferJurisdictions.Eea.Count);
        Assert.Empty(TransferJurisdictions.EuAdequate.Intersect(TransferJurisdictions.Eea));
        Assert.All(TransferJurisdictions.EuAdequate, code => Assert.True(TransferJurisdictions.IsCountryCode(code), code));
    }
}
