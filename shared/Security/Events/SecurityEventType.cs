namespace DataGovernance.Security.Events;

/// <summary>What happened. Stored and serialized by name, so members may be added but never renamed.</summary>
public enum SecurityEventType
{
    SignInSucceeded,
    SignInFailed,
    AccountLockedOut,
    MfaEnrolled,
    MfaRemoved,
    BackupCodesRegenerated,
    RoleChanged,
    DelegationGranted,
    DelegationEnded,
    UserDeactivated,
    ApiKeyCreated,
    ApiKeyRevoked,
    IpAllowlistChanged,
    SsoSettingsChanged,
    RateLimitsChanged,
    SessionRevoked,
    RefreshTokenReused,
    DataExported,

    /// <summary>An expired download link was used (a tampered one names no tenant and is only logged).</summary>
    DownloadLinkRefused,
}
