using System.Text.Json.Serialization;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>
/// A tenant's cross-border rules: the residency transfers are measured from, the Azure regions its data may be kept
/// in (empty: any region whose country the category rules allow), and per data category the countries it may go to
/// (ISO codes, or <c>EEA</c>; a category not listed may go anywhere a mechanism covers). <see cref="Version"/> is 0
/// while the tenant has never saved rules: then the hub accepts every vendor write and only opens DPIAs.
/// </summary>
public sealed record CrossBorderRules(
    string TenantId,
    string Residency,
    IReadOnlyList<string> AllowedRegions,
    IReadOnlyDictionary<string, IReadOnlyList<string>> AllowedCountries,
    long Version,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy) : IHasETag
{
    public const int MaxItems = 60;

    [JsonIgnore]
    public string ETag => $"\"{Version}\"";

    public bool Configured => Version > 0;

    /// <summary>The data categories of the vendors collection, the keys <see cref="AllowedCountries"/> may use.</summary>
    public static IReadOnlyList<string> Categories { get; } = ["contact", "identity", "financial", "health", "employment", "location", "usage", "biometric"];

    public static CrossBorderRules Unconfigured(string tenantId, string residency) =>
        new(tenantId, residency, [], new Dictionary<string, IReadOnlyList<string>>(), 0, null, null);
}

/// <summary>The body of <c>PUT …/privacy/cross-border</c>: the whole rule set.</summary>
public sealed record CrossBorderRulesRequest(
    string? Residency, IReadOnlyList<string?>? AllowedRegions, IReadOnlyDictionary<string, IReadOnlyList<string?>?>? AllowedCountries);

/// <summary>How a transfer stands once the rules are applied.</summary>
public enum TransferStatus
{
    Domestic,
    Adequate,

    /// <summary>Outside adequacy, covered by the mechanism given (SCCs, BCRs, a derogation, or a stated DPF certification).</summary>
    Safeguarded,

    /// <summary>Needs a mechanism (Chapter V) and has none, or one that does not apply.</summary>
    MechanismRequired,

    /// <summary>A data category may not go to the country at all under the tenant's rules.</summary>
    NotAllowed,
}

/// <summary>The outcome of <see cref="TransferRules.Decide"/>; <see cref="Reason"/> is written for people.</summary>
public sealed record TransferDecision(
    TransferStatus Status, string Country, DestinationStanding Standing, string? Mechanism, IReadOnlyList<string> RefusedCategories, string Reason)
{
    public bool Allowed => Status is TransferStatus.Domestic or TransferStatus.Adequate or TransferStatus.Safeguarded;
}

/// <summary>One vendor's transfer as the report shows it.</summary>
public sealed record VendorTransfer(string VendorId, string? Name, string? Country, IReadOnlyList<string> DataCategories, string? Mechanism,
    string? VendorStatus, TransferDecision Decision);

/// <summary>Every vendor transfer of the tenant under its current rules.</summary>
public sealed record TransferReport(string Residency, bool RulesConfigured, long RulesVersion, IReadOnlyList<VendorTransfer> Transfers)
{
    public int Refused => Transfers.Count(transfer => !transfer.Decision.Allowed);
}
