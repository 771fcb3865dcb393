using System.Buffers.Text;
using System.Text;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Mfa;

/// <summary>A device as stored: what is listed, the encrypted secret, the last accepted time step and the row's ETag.</summary>
public sealed record StoredMfaDevice(MfaDeviceKey Key, MfaDevice Device, byte[] SealedSecret, long? LastAcceptedStep, ETag ETag);

/// <summary>
/// People's authenticator devices (partition = tenant id, or <c>platform</c>; row = <c>{user}|device|{deviceId}</c>), so
/// that one person's devices are one range query. The user id is base64url-encoded in the key: user ids may hold
/// characters row keys forbid or the separator itself.
/// </summary>
public sealed class MfaDeviceStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.MfaDevicesTable);

    public async Task AddAsync(StoredMfaDevice device, CancellationToken cancellationToken) =>
        await Table.AddEntityAsync(ToEntity(device), cancellationToken);

    public async Task<StoredMfaDevice?> GetAsync(MfaDeviceKey key, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(key.TenantId, RowKey(key), cancellationToken: cancellationToken);
        return row.HasValue ? FromEntity(row.Value!) : null;
    }

    public async Task<IReadOnlyList<StoredMfaDevice>> ListAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var prefix = DevicePrefix(userId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
        var devices = new List<StoredMfaDevice>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            devices.Add(FromEntity(row));
        }
        return devices;
    }

    /// <summary>Replaces the row if it is unchanged since <paramref name="device"/> was read; false when it changed or is gone.</summary>
    public async Task<bool> TryReplaceAsync(StoredMfaDevice device, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(device), device.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return false;
        }
    }

    /// <summary>Deletes the device; false when there was none.</summary>
    public async Task<bool> DeleteAsync(MfaDeviceKey key, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(key.TenantId, RowKey(key), ETag.All, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return false;
        }
    }

    internal static string UserPrefix(string userId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(userId)) + "|";

    private static string DevicePrefix(string userId) => UserPrefix(userId) + "device|";

    private static string RowKey(MfaDeviceKey key) => DevicePrefix(key.UserId) + key.DeviceId;

    private static TableEntity ToEntity(StoredMfaDevice stored)
    {
        var device = stored.Device;
        return new TableEntity(stored.Key.TenantId, RowKey(stored.Key))
        {
            ["UserId"] = stored.Key.UserId,
            ["DeviceId"] = device.Id,
            ["Name"] = device.Name,
            ["Status"] = device.Status.ToString(),
            ["Algorithm"] = device.Algorithm.ToString(),
            ["Digits"] = device.Digits,
            ["PeriodSeconds"] = device.PeriodSeconds,
            ["CreatedAt"] = device.CreatedAt,
            ["ExpiresAt"] = device.ExpiresAt,
            ["ActivatedAt"] = device.ActivatedAt,
            ["LastUsedAt"] = device.LastUsedAt,
            ["SealedSecret"] = stored.SealedSecret,
            ["LastAcceptedStep"] = stored.LastAcceptedStep,
        };
    }

    private static StoredMfaDevice FromEntity(TableEntity row)
    {
        var device = new MfaDevice(
            row.GetString("DeviceId") ?? "",
            row.GetString("Name") ?? "",
            Enum.Parse<MfaDeviceStatus>(row.GetString("Status") ?? nameof(MfaDeviceStatus.Pending)),
            Enum.Parse<TotpAlgorithm>(row.GetString("Algorithm") ?? nameof(TotpAlgorithm.SHA1)),
            row.GetInt32("Digits") ?? TotpParameters.Default.Digits,
            row.GetInt32("PeriodSeconds") ?? TotpParameters.Default.PeriodSeconds,
            row.GetDateTimeOffset("CreatedAt") ?? default,
            row.GetDateTimeOffset("ExpiresAt"),
            row.GetDateTimeOffset("ActivatedAt"),
            row.GetDateTimeOffset("LastUsedAt"));
        var key = new MfaDeviceKey(row.PartitionKey, row.GetString("UserId") ?? "", device.Id);
        return new StoredMfaDevice(key, device, row.GetBinary("SealedSecret") ?? [], row.GetInt64("LastAcceptedStep"), row.ETag);
    }
}
