using DataGovernance.Security;

namespace DataGovernance.Accounts;

/// <summary>Hub accounts: the tokens the hub issues to them, invitations and password hashing.</summary>
public sealed class AccountOptions
{
    public const string SectionName = "Hub:Accounts";

    public const int MinimumKeyBytes = 32;

    /// <summary>Base64 HMAC key (at least 256 bits) signing the access tokens of hub accounts. Empty turns hub sign-in off.</summary>
    public string? TokenSigningKey { get; set; }

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the second step of a sign-in (the MFA code) may follow the password.</summary>
    public TimeSpan SignInChallengeLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan InvitationLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>PBKDF2 (HMAC-SHA512) iterations of password hashes; chosen so that one sign-in costs 50–150 ms of CPU (docs/performance.md).</summary>
    public int PasswordHashIterations { get; set; } = 210_000;

    public bool IsConfigured => SigningKeyBytes() is not null;

    public byte[]? SigningKeyBytes() => KeySettings.Decode(TokenSigningKey, MinimumKeyBytes);
}
