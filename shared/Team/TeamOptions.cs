namespace DataGovernance.Team;

/// <summary>Settings of the Team tab.</summary>
public sealed class TeamOptions
{
    public const string SectionName = "Hub:Team";

    /// <summary>When expired delegations are ended (six-field NCRONTAB, UTC). They grant nothing once expired, ended or not.</summary>
    public string DelegationExpirySchedule { get; set; } = "0 * * * * *";
}
