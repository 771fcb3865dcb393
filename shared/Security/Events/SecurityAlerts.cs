namespace DataGovernance.Security.Events;

/// <summary>The kinds of alert the security detectors raise; they share a prefix so that the dashboard lists them together.</summary>
public static class SecurityAlerts
{
    public const string KindPrefix = "security-";

    /// <summary>Many failed sign-ins from one address across several accounts: password spraying or credential stuffing.</summary>
    public const string FailureBurst = "security-failure-burst";

    /// <summary>An Owner or Admin signed in from an address they never used before.</summary>
    public const string AdminNewIp = "security-admin-new-ip";

    /// <summary>Someone was given the Owner or Admin role.</summary>
    public const string RoleElevated = "security-role-elevated";

    /// <summary>One caller downloaded whole collections or the whole tenant many times in a short while.</summary>
    public const string MassExport = "security-mass-export";
}
