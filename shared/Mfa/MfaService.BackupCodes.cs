using System.Security.Cryptography;
using System.Text;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security.Events;
using DataGovernance.Storage;

namespace DataGovernance.Mfa;

public sealed partial class MfaService
{
    /// <summary>A new set of backup codes, replacing the old set entirely; only while MFA is on.</summary>
    public async Task<Result<BackupCodeSet>> RegenerateBackupCodesAsync(string tenantId, string userId, WriteContext context, CancellationToken cancellationToken)
    {
        if (!await HasActiveFactorAsync(tenantId, userId, cancellationToken))
        {
            return Failure.Conflict("mfa-not-enabled", "Activate an authenticator device first: backup codes stand in for it when it is lost.");
        }
        var codes = BackupCodes.Generate();
        var salt = RandomNumberGenerator.GetBytes(16);
        var now = clock.GetUtcNowForStorage();
        var hashes = codes.Select(code => BackupCodes.Hash(salt, BackupCodes.Normalise(code)!)).ToList();
        await backupCodes.ReplaceAsync(new StoredBackupCodes(tenantId, userId, salt, hashes, now, default), cancellationToken);
        await RecordAsync(tenantId, SecurityEventType.BackupCodesRegenerated, userId, null, context, cancellationToken);
        return new BackupCodeSet(codes, now);
    }

    public async Task<BackupCodeStatus> BackupCodeStatusAsync(string tenantId, string userId, CancellationToken cancellationToken) =>
        await backupCodes.GetAsync(tenantId, userId, cancellationToken) is { } stored
            ? new BackupCodeStatus(stored.Hashes.Count, stored.GeneratedAt)
            : new BackupCodeStatus(0, null);

    /// <summary>Uses up the code if it is one of the unused ones; the removal is conditional, so a code is used once even when sent twice at once.</summary>
    private async Task<bool> UseBackupCodeAsync(string tenantId, string userId, string typed, CancellationToken cancellationToken)
    {
        if (BackupCodes.Normalise(typed) is not { } code)
        {
            return false;
        }
        for (var attempt = 0; attempt < WriteAttempts; attempt++)
        {
            if (await backupCodes.GetAsync(tenantId, userId, cancellationToken) is not { } stored)
            {
                return false;
            }
            var hash = Encoding.ASCII.GetBytes(BackupCodes.Hash(stored.Salt, code));
            var match = -1;
            for (var i = 0; i < stored.Hashes.Count; i++)
            {
                if (CryptographicOperations.FixedTimeEquals(hash, Encoding.ASCII.GetBytes(stored.Hashes[i])))
                {
                    match = i;
                }
            }
            if (match < 0)
            {
                return false;
            }
            if (await backupCodes.TryUpdateAsync(stored with { Hashes = [.. stored.Hashes.Where((_, i) => i != match)] }, cancellationToken))
            {
                return true;
            }
        }
        return false;
    }
}
