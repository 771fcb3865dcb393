using System.Security.Cryptography;
using DataGovernance.Accounts;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using DataGovernance.Tenancy;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGovernance.Mfa;

/// <summary>
/// People's second factor: authenticator apps (TOTP, RFC 6238) they enroll themselves and backup codes. A person has
/// MFA on while at least one device is active. Every method works on one person's own devices: a device id of
/// someone else is answered as one that does not exist. Attempts are not counted here; callers of
/// <see cref="VerifyAsync"/> limit them.
/// </summary>
public sealed partial class MfaService(
    MfaDeviceStore devices, BackupCodeStore backupCodes, MfaSecretEncryption encryption, IOptions<MfaOptions> options, AccountStore accounts,
    SecurityEventService securityEvents, TimeProvider clock, ILogger<MfaService> logger)
{
    public static readonly TimeSpan EnrollmentLifetime = TimeSpan.FromMinutes(15);
    public const int MaxDevicesPerUser = 10;
    public const int MaxNameLength = 64;
    public const string InvalidCode = "invalid-mfa-code";

    private const int WriteAttempts = 5;

    public async Task<Result<MfaEnrollment>> BeginEnrollmentAsync(string tenantId, string userId, MfaDeviceNameRequest request, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var current = new List<StoredMfaDevice>();
        foreach (var stored in await devices.ListAsync(tenantId, userId, cancellationToken))
        {
            if (IsExpired(stored.Device, now))
            {
                await devices.DeleteAsync(stored.Key, cancellationToken);
            }
            else
            {
                current.Add(stored);
            }
        }
        var name = ValidName(request.Name, current, exceptDeviceId: null);
        if (!name.Succeeded)
        {
            return name.Failure;
        }
        if (current.Count >= MaxDevicesPerUser)
        {
            return Failure.Conflict("mfa-device-limit", $"You can have at most {MaxDevicesPerUser} authenticator devices; remove one first.");
        }
        var key = new MfaDeviceKey(tenantId, userId, Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8)));
        var parameters = TotpParameters.Default;
        var device = new MfaDevice(key.DeviceId, name.Value, MfaDeviceStatus.Pending, parameters.Algorithm, parameters.Digits, parameters.PeriodSeconds,
            now, now + EnrollmentLifetime, ActivatedAt: null, LastUsedAt: null);
        var secret = AuthenticatorCodes.NewSecret();
        await devices.AddAsync(new StoredMfaDevice(key, device, encryption.Encrypt(secret, key), LastAcceptedStep: null, ETag: default), cancellationToken);

        var base32 = AuthenticatorCodes.ToBase32(secret);
        // Apps list accounts by this label: a hub account's address says more than its id.
        var label = (await accounts.GetAsync(tenantId, userId, cancellationToken))?.Email ?? userId;
        var uri = AuthenticatorCodes.KeyUri(base32, parameters, options.Value.Issuer.Trim(), label);
        return new MfaEnrollment(device, base32, uri, EnrollmentQrCode.PngDataUri(uri));
    }

    /// <summary>Confirms a pending enrollment with a code from the app, which proves the app holds the secret.</summary>
    public async Task<Result<MfaDevice>> ActivateAsync(
        string tenantId, string userId, string deviceId, MfaCodeRequest request, WriteContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, userId, deviceId, cancellationToken) is not { } stored)
        {
            return DeviceNotFound(deviceId);
        }
        var code = (request.Code ?? "").Replace(" ", "", StringComparison.Ordinal);
        if (!Parameters(stored.Device).IsWellFormedCode(code))
        {
            return Failure.Validation(FieldErrors.Of("code", $"Must be the {stored.Device.Digits}-digit code your authenticator app shows."));
        }
        if (stored.Device.Status == MfaDeviceStatus.Active)
        {
            return Failure.Conflict("mfa-device-already-active", "This device is already active.");
        }
        if (IsExpired(stored.Device, clock.GetUtcNow()))
        {
            return Failure.Conflict("mfa-enrollment-expired",
                $"This enrollment was not confirmed within {EnrollmentLifetime.TotalMinutes} minutes; remove it and enroll the device again.");
        }
        var activated = await AcceptCodeAsync(stored, code, activate: true, cancellationToken);
        if (activated is null)
        {
            return new Failure(FailureKind.Validation, InvalidCode, "The code is not valid; enter the current code your authenticator app shows.",
                FieldErrors.Of("code", "Not the current code.").ToDictionary());
        }
        await RecordAsync(tenantId, SecurityEventType.MfaEnrolled, userId, activated.Device.Id, context, cancellationToken);
        return activated.Device;
    }

    /// <summary>The person's devices, oldest first; unconfirmed enrollments past their lifetime are left out.</summary>
    public async Task<IReadOnlyList<MfaDevice>> ListAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return [.. (await devices.ListAsync(tenantId, userId, cancellationToken))
            .Select(stored => stored.Device).Where(device => !IsExpired(device, now)).OrderBy(device => device.CreatedAt).ThenBy(device => device.Id, StringComparer.Ordinal)];
    }

    public async Task<Result<MfaDevice>> RenameAsync(string tenantId, string userId, string deviceId, MfaDeviceNameRequest request, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            if (await FindAsync(tenantId, userId, deviceId, cancellationToken) is not { } stored)
            {
                return DeviceNotFound(deviceId);
            }
            var now = clock.GetUtcNow();
            var others = (await devices.ListAsync(tenantId, userId, cancellationToken)).Where(device => !IsExpired(device.Device, now));
            var name = ValidName(request.Name, others, exceptDeviceId: deviceId);
            if (!name.Succeeded)
            {
                return name.Failure;
            }
            var renamed = stored with { Device = stored.Device with { Name = name.Value } };
            if (await devices.TryReplaceAsync(renamed, cancellationToken))
            {
                return renamed.Device;
            }
        }
        return Failure.PreconditionFailed("The device was changed by someone else meanwhile; retry.");
    }

    /// <summary>Removes the device; removing the last active one turns MFA off, and the backup codes go with it.</summary>
    public async Task<Result<MfaDevice>> RemoveAsync(string tenantId, string userId, string deviceId, WriteContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, userId, deviceId, cancellationToken) is not { } stored
            || !await devices.DeleteAsync(stored.Key, cancellationToken))
        {
            return DeviceNotFound(deviceId);
        }
        if (!await HasActiveFactorAsync(tenantId, userId, cancellationToken))
        {
            await backupCodes.DeleteAsync(tenantId, userId, cancellationToken);
        }
        if (stored.Device.Status == MfaDeviceStatus.Active)
        {
            await RecordAsync(tenantId, SecurityEventType.MfaRemoved, userId, stored.Device.Id, context, cancellationToken);
        }
        return stored.Device;
    }

    /// <summary>Changes to a person's second factor are security events of their tenant (operators' are not recorded).</summary>
    private async Task RecordAsync(
        string tenantId, SecurityEventType type, string userId, string? deviceId, WriteContext context, CancellationToken cancellationToken)
    {
        if (tenantId != TenantIds.Platform)
        {
            await securityEvents.RecordAsync(tenantId, type, context, userId,
                deviceId is null ? null : new Dictionary<string, string> { ["deviceId"] = deviceId }, cancellationToken);
        }
    }

    /// <summary>
    /// Checks a second factor at sign-in or step-up: the current code of any active authenticator device, or an unused
    /// backup code (which is used up by this). Each authenticator code is accepted once; two concurrent checks of the
    /// same code cannot both succeed.
    /// </summary>
    public async Task<Result<MfaVerification>> VerifyAsync(string tenantId, string userId, string code, CancellationToken cancellationToken)
    {
        var typed = (code ?? "").Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        var active = (await devices.ListAsync(tenantId, userId, cancellationToken)).Where(stored => stored.Device.Status == MfaDeviceStatus.Active).ToList();
        if (active.Count == 0)
        {
            return NotVerified();
        }
        if (typed.All(char.IsAsciiDigit) && typed.Length != BackupCodes.Length)
        {
            foreach (var device in active.Where(device => Parameters(device.Device).IsWellFormedCode(typed)))
            {
                if (await AcceptCodeAsync(device, typed, activate: false, cancellationToken) is { } accepted)
                {
                    return new MfaVerification(MfaMethod.Authenticator, accepted.Device.Id, accepted.Device.LastUsedAt!.Value);
                }
            }
            return NotVerified();
        }
        return await UseBackupCodeAsync(tenantId, userId, typed, cancellationToken)
            ? new MfaVerification(MfaMethod.BackupCode, DeviceId: null, clock.GetUtcNowForStorage())
            : NotVerified();
    }

    /// <summary>Whether the person has MFA on: at least one active authenticator device.</summary>
    public async Task<bool> HasActiveFactorAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        (await devices.ListAsync(tenantId, userId, cancellationToken)).Any(stored => stored.Device.Status == MfaDeviceStatus.Active);

    /// <summary>
    /// Checks <paramref name="code"/> against the device and records its time step as the last accepted one, under the
    /// row's ETag: of two requests with one code, the second finds the step taken when it reads the row again.
    /// </summary>
    private async Task<StoredMfaDevice?> AcceptCodeAsync(StoredMfaDevice device, string code, bool activate, CancellationToken cancellationToken)
    {
        var wanted = activate ? MfaDeviceStatus.Pending : MfaDeviceStatus.Active;
        for (var attempt = 0; attempt < WriteAttempts && device.Device.Status == wanted; attempt++)
        {
            if (encryption.TryDecrypt(device.SealedSecret, device.Key) is not { } secret)
            {
                logger.SecretUnreadable(device.Key.TenantId);
                return null;
            }
            var now = clock.GetUtcNowForStorage();
            if (AuthenticatorCodes.Verify(secret, Parameters(device.Device), code, now, device.LastAcceptedStep) is not { } step)
            {
                return null;
            }
            var accepted = device with
            {
                LastAcceptedStep = step,
                Device = activate
                    ? device.Device with { Status = MfaDeviceStatus.Active, ActivatedAt = now, ExpiresAt = null, LastUsedAt = now }
                    : device.Device with { LastUsedAt = now },
            };
            if (await devices.TryReplaceAsync(accepted, cancellationToken))
            {
                return accepted;
            }
            if (await devices.GetAsync(device.Key, cancellationToken) is not { } reread)
            {
                return null;
            }
            device = reread;
        }
        return null;
    }

    private async Task<StoredMfaDevice?> FindAsync(string tenantId, string userId, string deviceId, CancellationToken cancellationToken) =>
        IsWellFormedDeviceId(deviceId) ? await devices.GetAsync(new MfaDeviceKey(tenantId, userId, deviceId), cancellationToken) : null;

    private static Result<string> ValidName(string? requested, IEnumerable<StoredMfaDevice> existing, string? exceptDeviceId)
    {
        var name = requested?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength || name.Any(char.IsControl))
        {
            return Failure.Validation(FieldErrors.Of("name", $"Required: 1 to {MaxNameLength} characters, no control characters."));
        }
        if (existing.Any(stored => stored.Device.Id != exceptDeviceId && string.Equals(stored.Device.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return Failure.Validation(FieldErrors.Of("name", "You already have a device with this name."));
        }
        return name;
    }

    private static bool IsExpired(MfaDevice device, DateTimeOffset now) =>
        device.Status == MfaDeviceStatus.Pending && device.ExpiresAt is { } expiresAt && expiresAt <= now;

    private static bool IsWellFormedDeviceId(string deviceId) =>
        deviceId.Length == 16 && deviceId.All(character => char.IsAsciiDigit(character) || character is >= 'a' and <= 'f');

    private static TotpParameters Parameters(MfaDevice device) => new(device.Algorithm, device.Digits, device.PeriodSeconds);

    private static Failure DeviceNotFound(string deviceId) => Failure.NotFound($"You have no MFA device '{deviceId}'.");

    private static Failure NotVerified() =>
        new(FailureKind.Unauthenticated, InvalidCode, "The code is not a current authenticator code or an unused backup code.");
}
