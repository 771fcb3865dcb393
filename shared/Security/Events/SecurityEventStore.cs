using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Security.Events;

/// <summary>
/// Security events, one partition per tenant, row key = occurrence time newest first plus a random suffix, so that a
/// time range is a row key range and two events of the same tick never collide.
/// </summary>
public sealed class SecurityEventStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.SecurityEventsTable);

    public async Task AddAsync(SecurityEvent securityEvent, CancellationToken cancellationToken) =>
        await Table.AddEntityAsync(new TableEntity(securityEvent.TenantId, securityEvent.Id)
        {
            ["Type"] = securityEvent.Type.ToString(),
            ["OccurredAt"] = securityEvent.OccurredAt,
            ["Actor"] = securityEvent.Actor.Id,
            ["ClientIp"] = securityEvent.ClientIp,
            ["Subject"] = securityEvent.Subject,
            ["CorrelationId"] = securityEvent.CorrelationId,
            ["Details"] = JsonSerializer.Serialize(securityEvent.Details),
        }, cancellationToken);

    /// <summary>A new event id (row key) for the moment <paramref name="now"/>, at the clock's full precision.</summary>
    public static string NewId(DateTimeOffset now) => $"{RowKeys.NewestFirst(now.UtcTicks)}-{Guid.NewGuid():N}"[..32];

    /// <summary>One page of the tenant's events matching the filter, newest first, and the SDK's token for the next.</summary>
    public async Task<(IReadOnlyList<SecurityEvent> Items, string? NextToken)> ListAsync(
        string tenantId, SecurityEventFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await foreach (var page in Table.QueryAsync<TableEntity>(Query(tenantId, filter, null, null), pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToEvent).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>Every matching event, newest first, streamed page by page; <paramref name="clientIp"/> and <paramref name="actor"/> narrow it further.</summary>
    public async IAsyncEnumerable<SecurityEvent> ScanAsync(
        string tenantId, SecurityEventFilter filter, string? clientIp, string? actor, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(Query(tenantId, filter, clientIp, actor), 1000, cancellationToken: cancellationToken))
        {
            yield return ToEvent(row);
        }
    }

    private static string Query(string tenantId, SecurityEventFilter filter, string? clientIp, string? actor) => TableFilter.All(
        TableClient.CreateQueryFilter($"PartitionKey eq {tenantId}"),
        // Newest first: an event before 'to' has a row key at or above that of the tick before 'to'; one at or after
        // 'from' a row key below that of the tick before 'from' (the suffix puts it above the bare number).
        filter.To is { } to ? TableClient.CreateQueryFilter($"RowKey ge {RowKeys.NewestFirst(to.UtcTicks - 1)}") : null,
        filter.From is { } from ? TableClient.CreateQueryFilter($"RowKey lt {RowKeys.NewestFirst(from.UtcTicks - 1)}") : null,
        filter.Type is { } type ? TableClient.CreateQueryFilter($"Type eq {type.ToString()}") : null,
        clientIp is null ? null : TableClient.CreateQueryFilter($"ClientIp eq {clientIp}"),
        actor is null ? null : TableClient.CreateQueryFilter($"Actor eq {actor}"));

    private static SecurityEvent ToEvent(TableEntity row) => new(
        row.RowKey,
        row.PartitionKey,
        Enum.TryParse<SecurityEventType>(row.GetString("Type"), out var type) ? type : default,
        row.GetDateTimeOffset("OccurredAt") ?? default,
        new Actor(row.GetString("Actor") ?? ""),
        row.GetString("ClientIp"),
        row.GetString("Subject"),
        row.GetString("CorrelationId"),
        JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("Details") ?? "{}") ?? []);
}
