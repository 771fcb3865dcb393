namespace DataGovernance.Classification;

/// <summary>
/// What kind of personal data a match is. The last eight are the special categories of GDPR Art. 9, whose
/// processing is prohibited unless an Art. 9(2) condition applies.
/// </summary>
public enum PiiCategory
{
    ContactDetails,
    OnlineIdentifier,
    FinancialAccount,
    GovernmentIdentifier,
    DateOfBirth,
    Name,
    Other,
    RacialOrEthnicOrigin,
    PoliticalOpinions,
    ReligiousOrPhilosophicalBeliefs,
    TradeUnionMembership,
    Genetic,
    Biometric,
    Health,
    SexLifeOrOrientation,
}

public static class PiiCategories
{
    public static bool IsSpecialCategory(this PiiCategory category) => category >= PiiCategory.RacialOrEthnicOrigin;
}
