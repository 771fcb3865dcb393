using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Accounts;

/// <summary>
/// Sessions in the <c>Sessions</c> table: partition = tenant id, row = <c>userId|sessionId</c>, so one user's
/// sessions are one range. The row also holds the hash of the current refresh token and of the ones it replaced.
/// </summary>
public sealed class SessionStore(HubStorage storage)
{
    public const int RememberedRefreshTokens = 20;

    private TableClient Table => storage.Primary.Table(StorageNames.SessionsTable);

    public sealed record Stored(Session Session, string RefreshHash, IReadOnlyList<string> PreviousRefreshHashes, ETag ETag);

    public async Task<Stored?> GetAsync(string tenantId, string userId, string sessionId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKey(userId, sessionId), cancellationToken: cancellationToken);
        return row.HasValue ? ToStored(row.Value!) : null;
    }

    public async Task<IReadOnlyList<Session>> ListAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        var prefix = userId + "|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
        var sessions = new List<Session>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            sessions.Add(ToStored(row).Session);
        }
        return sessions;
    }

    public async Task AddAsync(Session session, string refreshHash, CancellationToken cancellationToken) =>
        await Table.AddEntityAsync(ToEntity(session, refreshHash, []), cancellationToken);

    /// <summary>Replaces the row if unchanged since <paramref name="etag"/>; false when another request changed it first.</summary>
    public async Task<bool> ReplaceAsync(Session session, string refreshHash, IReadOnlyList<string> previous, ETag etag, CancellationToken cancellationToken)
    {
        try
        {
            await Table.UpdateEntityAsync(ToEntity(session, refreshHash, previous), etag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            return false;
        }
    }

    /// <summary>Changes only the given columns, whatever else changed meanwhile (last seen, MFA time, revocation).</summary>
    public async Task MergeAsync(string tenantId, string userId, string sessionId, CancellationToken cancellationToken, params (string Column, object? Value)[] columns)
    {
        var entity = new TableEntity(tenantId, RowKey(userId, sessionId));
        foreach (var (column, value) in columns)
        {
            entity[column] = value;
        }
        await Table.UpdateEntityAsync(entity, ETag.All, TableUpdateMode.Merge, cancellationToken);
    }

    private static string RowKey(string userId, string sessionId) => $"{userId}|{sessionId}";

    private static TableEntity ToEntity(Session session, string refreshHash, IReadOnlyList<string> previous) =>
        new(session.TenantId, RowKey(session.UserId, session.Id))
        {
            ["Device"] = session.Device,
            ["IpAddress"] = session.IpAddress,
            ["CreatedAt"] = session.CreatedAt,
            ["LastSeenAt"] = session.LastSeenAt,
            ["MfaVerifiedAt"] = session.MfaVerifiedAt,
            ["RevokedAt"] = session.RevokedAt,
            ["RevokedReason"] = session.RevokedReason,
            ["RefreshHash"] = refreshHash,
            ["PreviousRefreshHashes"] = string.Join(' ', previous.TakeLast(RememberedRefreshTokens)),
        };

    private static Stored ToStored(TableEntity row)
    {
        var separator = row.RowKey.IndexOf('|');
        var session = new Session(
            row.RowKey[(separator + 1)..],
            row.PartitionKey,
            row.RowKey[..separator],
            row.GetString("Device"),
            row.GetString("IpAddress"),
            row.GetDateTimeOffset("CreatedAt") ?? default,
            row.GetDateTimeOffset("LastSeenAt") ?? default,
            row.GetDateTimeOffset("MfaVerifiedAt"),
            row.GetDateTimeOffset("RevokedAt"),
            row.GetString("RevokedReason"));
        return new Stored(session, row.GetString("RefreshHash") ?? "",
            (row.GetString("PreviousRefreshHashes") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries), row.ETag);
    }
}
