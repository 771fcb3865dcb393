using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;
using Microsoft.Extensions.Options;

namespace DataGovernance.Accounts;

/// <summary>
/// Counts failed password, TOTP and backup-code attempts in the <c>SignInAttempts</c> table — one row per account
/// key (partition = tenant id) and one per client IP (partition <c>ip</c>) — and locks them with growing lockouts.
/// The account key is derived from the e-mail address typed, so unknown addresses lock exactly like real ones.
/// </summary>
public sealed class SignInProtection(HubStorage storage, IOptions<SignInProtectionOptions> options, TimeProvider clock)
{
    private const string IpPartition = "ip";

    private TableClient Table => storage.Primary.Table(StorageNames.SignInAttemptsTable);

    public static string AccountKey(string emailKey) => "account|" + emailKey;

    /// <summary>How long until the account or the IP may try again; null when neither is locked.</summary>
    public async Task<TimeSpan?> LockedForAsync(string tenantId, string accountKey, string? ip, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var account = await ReadAsync(tenantId, accountKey, cancellationToken);
        var address = ip is null ? null : await ReadAsync(IpPartition, IpRow(ip), cancellationToken);
        var until = new[] { account?.LockedUntil, address?.LockedUntil }.Where(time => time > now).Max();
        return until is { } end ? end - now : null;
    }

    /// <summary>Counts a failure for the account and the IP; true when this failure locked the account.</summary>
    public async Task<bool> RecordFailureAsync(string tenantId, string accountKey, string? ip, CancellationToken cancellationToken)
    {
        var locked = await CountAsync(tenantId, accountKey, options.Value.AccountFailureThreshold, cancellationToken);
        if (ip is not null)
        {
            await CountAsync(IpPartition, IpRow(ip), options.Value.IpFailureThreshold, cancellationToken);
        }
        return locked;
    }

    /// <summary>A successful sign-in forgets the account's failures and lockouts (not the IP's).</summary>
    public async Task ResetAsync(string tenantId, string accountKey, CancellationToken cancellationToken) =>
        await Table.DeleteEntityAsync(tenantId, accountKey, ETag.All, cancellationToken);

    private async Task<bool> CountAsync(string partition, string row, int threshold, CancellationToken cancellationToken)
    {
        var locked = false;
        await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            var now = clock.GetUtcNowForStorage();
            var current = await ReadAsync(partition, row, token);
            var settings = options.Value;
            var failures = current is { LastFailureAt: var last } && now - last < settings.FailureWindow ? current.Failures : 0;
            var lockouts = current is { LastFailureAt: var seen } && now - seen < settings.LockoutMemory ? current.Lockouts : 0;
            var lockedUntil = current?.LockedUntil;
            failures++;
            locked = failures >= threshold;
            if (locked)
            {
                var ticks = Math.Min(settings.FirstLockout.Ticks * Math.Pow(2, Math.Min(lockouts, 30)), settings.MaxLockout.Ticks);
                lockedUntil = now + TimeSpan.FromTicks((long)ticks);
                lockouts++;
                failures = 0;
            }
            var entity = new TableEntity(partition, row)
            {
                ["Failures"] = failures,
                ["Lockouts"] = lockouts,
                ["LastFailureAt"] = now,
                ["LockedUntil"] = lockedUntil,
            };
            try
            {
                if (current is null)
                {
                    await Table.AddEntityAsync(entity, token);
                }
                else
                {
                    await Table.UpdateEntityAsync(entity, current.ETag, TableUpdateMode.Replace, token);
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                throw new ConcurrencyConflictException("Another failed attempt was counted at the same time.");
            }
        }, cancellationToken);
        return locked;
    }

    private async Task<Attempts?> ReadAsync(string partition, string row, CancellationToken cancellationToken)
    {
        var entity = await Table.GetEntityIfExistsAsync<TableEntity>(partition, row, cancellationToken: cancellationToken);
        return entity.HasValue
            ? new Attempts(entity.Value!.GetInt32("Failures") ?? 0, entity.Value.GetInt32("Lockouts") ?? 0,
                entity.Value.GetDateTimeOffset("LastFailureAt") ?? default, entity.Value.GetDateTimeOffset("LockedUntil"), entity.Value.ETag)
            : null;
    }

    /// <summary>Row keys cannot hold every character an IPv6 zone id may; addresses are written without one.</summary>
    private static string IpRow(string ip) => ip.Split('%')[0];

    private sealed record Attempts(int Failures, int Lockouts, DateTimeOffset LastFailureAt, DateTimeOffset? LockedUntil, ETag ETag);
}
