using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Mfa;

/// <summary>A person's unused backup codes as salted hashes, with the row's ETag guarding the next change.</summary>
public sealed record StoredBackupCodes(string TenantId, string UserId, byte[] Salt, IReadOnlyList<string> Hashes, DateTimeOffset GeneratedAt, ETag ETag);

/// <summary>
/// Each person's backup codes in one row beside their devices (<c>{user}|backup-codes</c> in <c>MfaDevices</c>), so that
/// using a code is one conditional write and a new set replaces the old one in one write.
/// </summary>
public sealed class BackupCodeStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.MfaDevicesTable);

    public async Task<StoredBackupCodes?> GetAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKey(userId), cancellationToken: cancellationToken);
        if (!row.HasValue)
        {
            return null;
        }
        var entity = row.Value!;
        return new StoredBackupCodes(tenantId, userId, entity.GetBinary("Salt") ?? [],
            (entity.GetString("Hashes") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries), entity.GetDateTimeOffset("GeneratedAt") ?? default, entity.ETag);
    }

    /// <summary>Writes a whole new set over whatever was there: the old codes stop working at once.</summary>
    public async Task ReplaceAsync(StoredBackupCodes codes, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(ToEntity(codes), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Saves the set with a code removed if nobody changed it since it was read; false otherwise.</summary>
    public async Task<bool> TryUpdateAsync(StoredBackupCodes codes, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(codes), codes.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    public async Task DeleteAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(tenantId, RowKey(userId), ETag.All, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // None to delete.
        }
    }

    private static string RowKey(string userId) => MfaDeviceStore.UserPrefix(userId) + "backup-codes";

    private static TableEntity ToEntity(StoredBackupCodes codes) => new(codes.TenantId, RowKey(codes.UserId))
    {
        ["UserId"] = codes.UserId,
        ["Salt"] = codes.Salt,
        ["Hashes"] = string.Join(',', codes.Hashes),
        ["GeneratedAt"] = codes.GeneratedAt,
    };
}
