using DataGovernance.Outcomes;

namespace DataGovernance.Privacy;

/// <summary>
/// The cross-border rules as pure functions: whether data of some categories may go to a country, whether that needs
/// a mechanism (GDPR Chapter V), and whether a storage region may hold a tenant's data. Nothing here reads storage.
/// </summary>
public static class TransferRules
{
    /// <summary>The mechanisms of GDPR Art. 45, 46(2)(c), 47 and 49, as the vendors collection spells them.</summary>
    public static IReadOnlyList<string> Mechanisms { get; } = ["adequacy", "scc", "bcr", "derogation"];

    /// <param name="mechanism">The mechanism relied on, or null / <c>none</c>.</param>
    public static TransferDecision Decide(CrossBorderRules rules, IReadOnlyCollection<string> categories, string country, string? mechanism)
    {
        var given = mechanism is null or "none" ? null : mechanism;
        var standing = TransferJurisdictions.StandingOf(rules.Residency, country);
        var refused = categories
            .Where(category => rules.AllowedCountries.TryGetValue(category, out var allowed) && !TransferJurisdictions.IsListed(allowed, country))
            .Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        if (refused.Count > 0)
        {
            return new(TransferStatus.NotAllowed, country, standing, given, refused,
                $"The tenant's rules do not allow {string.Join(", ", refused)} data to go to {country}.");
        }
        return standing switch
        {
            DestinationStanding.Domestic => new(TransferStatus.Domestic, country, standing, given, [], $"{country} is inside the tenant's residency ({rules.Residency})."),
            DestinationStanding.Adequate => new(TransferStatus.Adequate, country, standing, given, [], $"An adequacy decision covers {country}."),
            _ when given is null => new(TransferStatus.MechanismRequired, country, standing, null, [],
                $"{country} is a third country for a tenant resident in '{rules.Residency}': the transfer needs a mechanism ({MechanismHint(standing)})."),
            DestinationStanding.ThirdCountry when given == "adequacy" => new(TransferStatus.MechanismRequired, country, standing, given, [],
                $"No adequacy decision covers {country}: rely on scc, bcr or derogation."),
            _ => new(TransferStatus.Safeguarded, country, standing, given, [], given == "adequacy"
                ? $"Adequacy for {country} covers certified recipients only; the tenant states this recipient is certified."
                : $"The transfer to {country} relies on {given}."),
        };
    }

    /// <summary>
    /// Null when the tenant's data may be kept in <paramref name="region"/>, otherwise why not. The region must be one
    /// the rules name (when they name any), its country allowed for every category the rules restrict (a replica
    /// holds all of them), and not a third country without adequacy unless the tenant named the region itself.
    /// </summary>
    public static string? RegionRefusal(CrossBorderRules rules, string region)
    {
        if (!rules.Configured)
        {
            return null;
        }
        if (AzureRegionCountries.CountryOf(region) is not { } country)
        {
            return $"Region '{region}' is in no country the hub knows of, so the tenant's cross-border rules cannot allow it.";
        }
        var named = rules.AllowedRegions.Contains(region, StringComparer.OrdinalIgnoreCase);
        if (rules.AllowedRegions.Count > 0 && !named)
        {
            return $"The tenant's cross-border rules allow its data only in {string.Join(", ", rules.AllowedRegions)}, not in '{region}' ({country}).";
        }
        var decision = Decide(rules, [.. rules.AllowedCountries.Keys], country, null);
        return decision.Status switch
        {
            TransferStatus.NotAllowed => $"Region '{region}' is in {country}: {decision.Reason}",
            TransferStatus.MechanismRequired when !named => $"Region '{region}' is in {country}: {decision.Reason} Name the region in allowedRegions to accept it.",
            _ => null,
        };
    }

    /// <summary>The rules a request describes, or field errors.</summary>
    public static Result<(string Residency, IReadOnlyList<string> Regions, IReadOnlyDictionary<string, IReadOnlyList<string>> Countries)> Validate(
        CrossBorderRulesRequest request)
    {
        var errors = new FieldErrors();
        if (!TransferJurisdictions.IsResidency(request.Residency))
        {
            errors.Add("residency", $"Required, one of: {string.Join(", ", TransferJurisdictions.Residencies)}.");
        }
        var regions = new List<string>();
        var givenRegions = request.AllowedRegions ?? [];
        for (var i = 0; i < givenRegions.Count; i++)
        {
            if (givenRegions[i] is { } region && AzureRegionCountries.IsKnown(region))
            {
                regions.Add(region.ToLowerInvariant());
            }
            else
            {
                errors.Add($"allowedRegions[{i}]", "An Azure region name such as westeurope.");
            }
        }
        var countries = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (category, list) in request.AllowedCountries ?? new Dictionary<string, IReadOnlyList<string?>?>())
        {
            if (!CrossBorderRules.Categories.Contains(category))
            {
                errors.Add($"allowedCountries.{category}", $"Not a data category; one of: {string.Join(", ", CrossBorderRules.Categories)}.");
                continue;
            }
            if (list is null || list.Count == 0 || list.Count > CrossBorderRules.MaxItems)
            {
                errors.Add($"allowedCountries.{category}", $"1–{CrossBorderRules.MaxItems} country codes (or EEA); leave the category out to allow any country.");
                continue;
            }
            for (var i = 0; i < list.Count; i++)
            {
                if (list[i] != TransferJurisdictions.EeaGroup && !TransferJurisdictions.IsCountryCode(list[i]))
                {
                    errors.Add($"allowedCountries.{category}[{i}]", "An ISO 3166-1 alpha-2 country code such as DE, or EEA.");
                }
            }
            countries[category] = [.. list.OfType<string>().Distinct(StringComparer.Ordinal)];
        }
        if (givenRegions.Count > CrossBorderRules.MaxItems)
        {
            errors.Add("allowedRegions", $"At most {CrossBorderRules.MaxItems} regions.");
        }
        return errors.Any ? Failure.Validation(errors) : (request.Residency!, [.. regions.Distinct(StringComparer.Ordinal)], countries);
    }

    private static string MechanismHint(DestinationStanding standing) => standing == DestinationStanding.AdequateIfCertified
        ? "adequacy if the recipient is certified, or scc, bcr, derogation"
        : "scc, bcr or derogation";
}
