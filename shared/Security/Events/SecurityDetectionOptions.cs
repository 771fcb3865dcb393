namespace DataGovernance.Security.Events;

/// <summary>Thresholds of the security detectors that count events within a window.</summary>
public sealed class SecurityDetectionOptions
{
    public const string SectionName = "Hub:SecurityDetection";

    /// <summary>Failed sign-ins from one address within <see cref="FailureBurstWindow"/> that make a burst…</summary>
    public int FailureBurstFailures { get; set; } = 10;

    /// <summary>…when they targeted at least this many distinct accounts (one account is a lockout's business, not a spray).</summary>
    public int FailureBurstAccounts { get; set; } = 5;

    public TimeSpan FailureBurstWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Downloads of whole collections or the whole tenant by one caller within <see cref="MassExportWindow"/> that raise an alert.</summary>
    public int MassExportDownloads { get; set; } = 10;

    public TimeSpan MassExportWindow { get; set; } = TimeSpan.FromMinutes(15);

    public bool IsValid =>
        FailureBurstFailures >= 2 && FailureBurstAccounts >= 1 && FailureBurstAccounts <= FailureBurstFailures && MassExportDownloads >= 2
        && FailureBurstWindow > TimeSpan.Zero && FailureBurstWindow <= TimeSpan.FromDays(1)
        && MassExportWindow > TimeSpan.Zero && MassExportWindow <= TimeSpan.FromDays(1);
}
