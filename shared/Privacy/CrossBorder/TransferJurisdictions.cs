using System.Globalization;

namespace DataGovernance.Privacy;

/// <summary>How a destination country stands to a tenant's residency, before any mechanism is looked at.</summary>
public enum DestinationStanding
{
    /// <summary>Inside the residency's own area (the EEA for an EU tenant): not a transfer under Chapter V.</summary>
    Domestic,

    /// <summary>An adequacy decision covers the whole country (Art. 45): no further mechanism is needed.</summary>
    Adequate,

    /// <summary>
    /// Adequacy covers only certified recipients (the EU-US Data Privacy Framework and its UK extension): a mechanism is
    /// needed, and <c>adequacy</c> is accepted as the tenant's statement that the recipient is certified.
    /// </summary>
    AdequateIfCertified,

    /// <summary>A third country without adequacy: SCCs, BCRs or a derogation are needed.</summary>
    ThirdCountry,
}

/// <summary>
/// The jurisdictions a tenant can name as its residency and the adequacy decisions the hub knows of, as data.
/// Sources: European Commission, "Adequacy decisions" (Andorra, Argentina, Canada — commercial organisations under
/// PIPEDA, which vendors are —, Faroe Islands, Guernsey, Israel, Isle of Man, Japan, Jersey, New Zealand, Republic of
/// Korea, Switzerland, United Kingdom, United States — Data Privacy Framework participants only —, Uruguay); the UK's
/// adequacy regulations (the EEA, Gibraltar, the countries above, the Republic of Korea and the UK Extension to the
/// DPF). For residencies without a list here, every other country needs a mechanism and <c>adequacy</c> is taken as
/// the tenant's statement. Update these lists when a decision is adopted or withdrawn.
/// </summary>
public static class TransferJurisdictions
{
    public const string Eu = "eu";

    /// <summary>The group name usable in allowed-country lists for the 30 EEA countries.</summary>
    public const string EeaGroup = "EEA";

    /// <summary>The 27 EU member states and Iceland, Liechtenstein and Norway.</summary>
    public static IReadOnlySet<string> Eea { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT",
        "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    };

    /// <summary>Countries with a European Commission adequacy decision covering every recipient (Art. 45 GDPR).</summary>
    public static IReadOnlySet<string> EuAdequate { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "GB", "UY",
    };

    /// <summary>Countries the UK regards as adequate besides the EEA (UK GDPR Art. 45 and the adequacy regulations).</summary>
    public static IReadOnlySet<string> UkAdequate { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "GI", "AD", "AR", "CA", "FO", "GG", "IL", "IM", "JP", "JE", "NZ", "KR", "CH", "UY",
    };

    /// <summary>Countries whose adequacy covers certified recipients only (EU-US DPF, UK Extension).</summary>
    public static IReadOnlySet<string> AdequateIfCertified { get; } = new HashSet<string>(StringComparer.Ordinal) { "US" };

    /// <summary>Residency → the countries inside it.</summary>
    private static readonly Dictionary<string, IReadOnlySet<string>> Home = new(StringComparer.Ordinal)
    {
        [Eu] = Eea,
        ["uk"] = new HashSet<string>(StringComparer.Ordinal) { "GB" },
        ["ch"] = new HashSet<string>(StringComparer.Ordinal) { "CH" },
        ["us"] = new HashSet<string>(StringComparer.Ordinal) { "US" },
        ["ca"] = new HashSet<string>(StringComparer.Ordinal) { "CA" },
        ["au"] = new HashSet<string>(StringComparer.Ordinal) { "AU" },
        ["jp"] = new HashSet<string>(StringComparer.Ordinal) { "JP" },
        ["in"] = new HashSet<string>(StringComparer.Ordinal) { "IN" },
    };

    public static IReadOnlyList<string> Residencies { get; } = [.. Home.Keys];

    public static bool IsResidency(string? value) => value is not null && Home.ContainsKey(value);

    public static DestinationStanding StandingOf(string residency, string country)
    {
        if (Home[residency].Contains(country))
        {
            return DestinationStanding.Domestic;
        }
        var adequate = residency switch
        {
            Eu => EuAdequate.Contains(country),
            "uk" => Eea.Contains(country) || UkAdequate.Contains(country),
            _ => false,
        };
        if (adequate)
        {
            return DestinationStanding.Adequate;
        }
        return residency is Eu or "uk" && !AdequateIfCertified.Contains(country)
            ? DestinationStanding.ThirdCountry
            : DestinationStanding.AdequateIfCertified;
    }

    /// <summary>Whether <paramref name="country"/> is in an allowed list of country codes and group names.</summary>
    public static bool IsListed(IReadOnlyList<string> allowed, string country) =>
        allowed.Contains(country, StringComparer.Ordinal) || (Eea.Contains(country) && allowed.Contains(EeaGroup, StringComparer.Ordinal));

    /// <summary>An upper-case ISO 3166-1 alpha-2 code of a country that exists.</summary>
    public static bool IsCountryCode(string? value)
    {
        if (value is not { Length: 2 } || !value.All(char.IsAsciiLetterUpper))
        {
            return false;
        }
        try
        {
            return new RegionInfo(value).TwoLetterISORegionName == value;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
