namespace DataGovernance.Mfa;

public enum MfaDeviceStatus
{
    /// <summary>Enrolled but not yet confirmed with a code; it expires unconfirmed after <see cref="MfaService.EnrollmentLifetime"/>.</summary>
    Pending,
    Active,
}

/// <summary>Where a device's row is and what its ciphertext is bound to.</summary>
public readonly record struct MfaDeviceKey(string TenantId, string UserId, string DeviceId);

/// <summary>An authenticator app a person enrolled, as listed: never the secret.</summary>
public sealed record MfaDevice(
    string Id,
    string Name,
    MfaDeviceStatus Status,
    TotpAlgorithm Algorithm,
    int Digits,
    int PeriodSeconds,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? ActivatedAt,
    DateTimeOffset? LastUsedAt);

/// <summary>
/// The answer to an enrollment, the only time the secret leaves the hub: as Base32 to type in, as the key URI and as
/// that URI's QR code (a PNG data URI) to scan.
/// </summary>
public sealed record MfaEnrollment(MfaDevice Device, string Secret, string OtpauthUri, string QrCodePng);

/// <summary>How a person proved the second factor.</summary>
public enum MfaMethod
{
    Authenticator,
    BackupCode,
}

/// <summary>A successful check of a second factor: by which method, and for an authenticator which device.</summary>
public sealed record MfaVerification(MfaMethod Method, string? DeviceId, DateTimeOffset VerifiedAt);

/// <summary>How many unused backup codes a person has and when the set was made; both empty before the first set.</summary>
public sealed record BackupCodeStatus(int Remaining, DateTimeOffset? GeneratedAt);

/// <summary>A new set of backup codes, shown this once.</summary>
public sealed record BackupCodeSet(IReadOnlyList<string> Codes, DateTimeOffset GeneratedAt);

/// <summary>Body of <c>POST /api/auth/mfa/devices</c> and <c>PATCH /api/auth/mfa/devices/{deviceId}</c>.</summary>
public sealed record MfaDeviceNameRequest(string? Name);

/// <summary>Body of <c>POST /api/auth/mfa/devices/{deviceId}/activate</c>.</summary>
public sealed record MfaCodeRequest(string? Code);
