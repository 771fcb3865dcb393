namespace DataGovernance.Accounts;

/// <summary>
/// Brute-force protection of sign-in and second-factor checks. Failures count per account (by e-mail address,
/// whether or not an account exists) and per client IP; reaching a threshold locks for <see cref="FirstLockout"/>,
/// each further lockout twice as long, up to <see cref="MaxLockout"/>.
/// </summary>
public sealed class SignInProtectionOptions
{
    public const string SectionName = "Hub:SignInProtection";

    public int AccountFailureThreshold { get; set; } = 5;

    public int IpFailureThreshold { get; set; } = 20;

    /// <summary>Failures older than this no longer count towards a threshold.</summary>
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan FirstLockout { get; set; } = TimeSpan.FromMinutes(1);

    public TimeSpan MaxLockout { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this long without failures, lockouts start again from <see cref="FirstLockout"/>.</summary>
    public TimeSpan LockoutMemory { get; set; } = TimeSpan.FromHours(24);
}
