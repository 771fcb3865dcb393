using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Security.Events;

/// <summary>
/// What the detectors remember, one partition per tenant: <c>a:{user}:{address}</c> for every address a user signed
/// in from, and <c>m:{kind}:{subject}</c> for when a detection last raised an alert. Users and subjects appear as
/// SHA-256 prefixes only: row keys cannot hold every character, and the table needs no names.
/// </summary>
public sealed class SecurityDetectionStore(HubStorage storage)
{
    private const string AddressPrefix = "a:";
    private const string MarkPrefix = "m:";

    private TableClient Table => storage.Primary.Table(StorageNames.SecurityDetectionsTable);

    /// <summary>Whether the user had signed in from any address before, and from this one.</summary>
    public async Task<(bool AnyKnown, bool AddressKnown)> GetKnownAddressAsync(string tenantId, string userId, string address, CancellationToken cancellationToken)
    {
        var userPrefix = $"{AddressPrefix}{Hash(userId)}:";
        var known = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, userPrefix + address, select: ["RowKey"], cancellationToken);
        if (known.HasValue)
        {
            return (true, true);
        }
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {userPrefix} and RowKey lt {RowKeys.PrefixEnd(userPrefix)}");
        await foreach (var _ in Table.QueryAsync<TableEntity>(filter, 1, ["RowKey"], cancellationToken))
        {
            return (true, false);
        }
        return (false, false);
    }

    public async Task AddKnownAddressAsync(string tenantId, string userId, string address, DateTimeOffset seenAt, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(new TableEntity(tenantId, $"{AddressPrefix}{Hash(userId)}:{address}") { ["FirstSeenAt"] = seenAt },
            TableUpdateMode.Merge, cancellationToken);

    /// <summary>
    /// Claims the right to alert about <paramref name="subject"/>: true when no alert of this kind about it was raised
    /// within <paramref name="quietPeriod"/> before <paramref name="now"/>. Guarded by the mark's ETag, so of two
    /// instances detecting the same burst at once only one alerts.
    /// </summary>
    public async Task<bool> TryMarkAlertedAsync(string tenantId, string kind, string subject, DateTimeOffset now, TimeSpan quietPeriod, CancellationToken cancellationToken)
    {
        var rowKey = $"{MarkPrefix}{kind}:{Hash(subject)}";
        var mark = new TableEntity(tenantId, rowKey) { ["AlertedAt"] = now };
        var current = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, rowKey, cancellationToken: cancellationToken);
        try
        {
            if (!current.HasValue)
            {
                await Table.AddEntityAsync(mark, cancellationToken);
                return true;
            }
            if (current.Value!.GetDateTimeOffset("AlertedAt") is { } alertedAt && now - alertedAt < quietPeriod)
            {
                return false;
            }
            await Table.UpdateEntityAsync(mark, current.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
    }

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
