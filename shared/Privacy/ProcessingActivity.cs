using System.Text.Json.Serialization;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>The lawful bases of GDPR Art. 6(1)(a)–(f).</summary>
public enum LegalBasis
{
    Consent,
    Contract,
    LegalObligation,
    VitalInterests,
    PublicTask,
    LegitimateInterests,
}

/// <summary>The conditions of GDPR Art. 9(2)(a)–(j) under which special categories may be processed.</summary>
public enum SpecialCategoryCondition
{
    ExplicitConsent,
    EmploymentAndSocialProtection,
    VitalInterests,
    NotForProfitBody,
    MadePublicBySubject,
    LegalClaims,
    SubstantialPublicInterest,
    HealthOrSocialCare,
    PublicHealth,
    ArchivingOrResearch,
}

/// <summary>The special categories of personal data of GDPR Art. 9(1).</summary>
public enum SpecialCategory
{
    RacialOrEthnicOrigin,
    PoliticalOpinions,
    ReligiousOrPhilosophicalBeliefs,
    TradeUnionMembership,
    GeneticData,
    BiometricData,
    Health,
    SexLifeOrSexualOrientation,
}

/// <summary>How a transfer to a third country is safeguarded (GDPR Art. 45, 46, 47, 49).</summary>
public enum TransferMechanism
{
    Adequacy,
    SCC,
    BCR,
    Derogation,
}

public enum ProcessingStatus
{
    Draft,
    Active,
    Retired,
}

/// <summary>A controller, joint controller, representative or data protection officer: a name and how to reach them.</summary>
public sealed record PartyContact(string? Name, string? Contact);

/// <summary>A transfer to a third country or international organisation; <c>derogationDetail</c> names the Art. 49 derogation relied on.</summary>
public sealed record InternationalTransfer(string? Country, string? Recipient, TransferMechanism? Mechanism, string? DerogationDetail);

/// <summary>How long the data is kept: always described in words, in days where a fixed period applies.</summary>
public sealed record RetentionPeriod(string? Description, int? Days);

/// <summary>
/// Body of <c>POST …/privacy/processing-activities</c> and <c>PUT …/{id}</c>: the whole activity. Every property is
/// nullable so that a missing one is a field error (422) rather than a malformed body.
/// </summary>
public sealed record ProcessingActivityRequest(
    string? Name,
    PartyContact? Controller,
    PartyContact? JointController,
    PartyContact? Representative,
    PartyContact? DataProtectionOfficer,
    IReadOnlyList<string>? Purposes,
    LegalBasis? LegalBasis,
    SpecialCategoryCondition? SpecialCategoryCondition,
    IReadOnlyList<string>? DataSubjectCategories,
    IReadOnlyList<string>? PersonalDataCategories,
    IReadOnlyList<SpecialCategory>? SpecialCategories,
    IReadOnlyList<string>? Recipients,
    IReadOnlyList<InternationalTransfer>? Transfers,
    RetentionPeriod? Retention,
    IReadOnlyList<string>? SecurityMeasures,
    IReadOnlyList<string>? VendorIds,
    ProcessingStatus? Status,
    string? Owner);

/// <summary>One entry of the tenant's record of processing activities (GDPR Art. 30(1)).</summary>
public sealed record ProcessingActivity(
    string Id,
    string Name,
    PartyContact Controller,
    PartyContact? JointController,
    PartyContact? Representative,
    PartyContact? DataProtectionOfficer,
    IReadOnlyList<string> Purposes,
    LegalBasis LegalBasis,
    SpecialCategoryCondition? SpecialCategoryCondition,
    IReadOnlyList<string> DataSubjectCategories,
    IReadOnlyList<string> PersonalDataCategories,
    IReadOnlyList<SpecialCategory> SpecialCategories,
    IReadOnlyList<string> Recipients,
    IReadOnlyList<InternationalTransfer> Transfers,
    RetentionPeriod Retention,
    IReadOnlyList<string> SecurityMeasures,
    IReadOnlyList<string> VendorIds,
    ProcessingStatus Status,
    string? Owner,
    long Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy) : IHasETag
{
    [JsonIgnore]
    public string ETag => $"\"{Version}\"";

    public static string NewId() => $"pa-{Guid.NewGuid().ToString("N")[..12]}";
}

/// <summary>Filters of the activity listing and export; every one optional.</summary>
public sealed record ProcessingActivityFilter(ProcessingStatus? Status, string? Owner, LegalBasis? LegalBasis);
