namespace DataGovernance.Privacy;

/// <summary>Settings of data subject requests (Privacy › requests).</summary>
public sealed class PrivacyRequestOptions
{
    public const string SectionName = "Hub:PrivacyRequests";

    /// <summary>When open requests are checked for approaching and passed deadlines (six-field NCRONTAB, UTC).</summary>
    public string DeadlineCheckSchedule { get; set; } = "0 0 * * * *";

    /// <summary>How many days before its deadline a request raises its due-soon alert.</summary>
    public int DueSoonDays { get; set; } = 7;

    /// <summary>How long a verification code sent to the requester can be used.</summary>
    public TimeSpan VerificationCodeLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Wrong codes accepted per sent code before a new code must be sent.</summary>
    public int VerificationMaxAttempts { get; set; } = 5;

    public bool IsValid() =>
        DueSoonDays is >= 1 and <= 60
        && VerificationCodeLifetime > TimeSpan.Zero && VerificationCodeLifetime <= TimeSpan.FromDays(14)
        && VerificationMaxAttempts is >= 1 and <= 20;
}
