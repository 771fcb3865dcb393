using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Audit;

/// <summary>
/// Append-only audit chains, one partition per chain: entries under <c>e:{sequence, newest first}</c> and a head
/// row (<c>h:head</c>) with the last sequence and hash. An append adds the entry and moves the head in one
/// transaction guarded by the head's ETag, so entries are numbered without gaps and each links to the one before.
/// </summary>
public sealed class AuditLogStore(HubStorage storage)
{
    private const string EntryPrefix = "e:";
    private const string HeadRowKey = "h:head";

    private TableClient Table => storage.Primary.Table(StorageNames.AuditLogTable);

    public Task<AuditEntry> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken) =>
        ConcurrencyRetry.Pipeline.ExecuteAsync(async token => await TryAppendAsync(auditEvent, token), cancellationToken).AsTask();

    public async Task<(long LastSequence, string LastHash)> GetHeadAsync(string chainId, CancellationToken cancellationToken)
    {
        var head = await Table.GetEntityIfExistsAsync<TableEntity>(chainId, HeadRowKey, cancellationToken: cancellationToken);
        return head.HasValue
            ? (head.Value!.GetInt64("LastSequence") ?? 0, head.Value.GetString("LastHash") ?? AuditChain.GenesisHash)
            : (0, AuditChain.GenesisHash);
    }

    public async Task<(IReadOnlyList<AuditEntry> Items, string? NextToken)> ListAsync(
        string chainId, AuditFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var query = TableFilter.All(
            EntriesOf(chainId),
            filter.From is { } from ? TableClient.CreateQueryFilter($"OccurredAt ge {from}") : null,
            filter.To is { } to ? TableClient.CreateQueryFilter($"OccurredAt le {to}") : null,
            filter.Actor is { } actor ? TableClient.CreateQueryFilter($"Actor eq {actor}") : null,
            filter.Action is { } action ? TableClient.CreateQueryFilter($"Action eq {action}") : null,
            filter.Outcome is { } outcome ? TableClient.CreateQueryFilter($"Outcome eq {outcome.ToString()}") : null);
        await foreach (var page in Table.QueryAsync<TableEntity>(query, pageSize, cancellationToken: cancellationToken).AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToEntry).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>
    /// The chain's entries up to <paramref name="lastSequence"/>, newest first, streamed page by page. Entries
    /// appended after the caller read the head are left out, so a scan sees the chain as of that head.
    /// </summary>
    public async IAsyncEnumerable<AuditEntry> ScanAsync(string chainId, long lastSequence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var upToHead = TableClient.CreateQueryFilter($"PartitionKey eq {chainId} and RowKey ge {EntryPrefix + RowKeys.NewestFirst(lastSequence)} and RowKey lt {RowKeys.PrefixEnd(EntryPrefix)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(upToHead, 1000, cancellationToken: cancellationToken))
        {
            yield return ToEntry(row);
        }
    }

    private async Task<AuditEntry> TryAppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken)
    {
        var head = await Table.GetEntityIfExistsAsync<TableEntity>(auditEvent.ChainId, HeadRowKey, cancellationToken: cancellationToken);
        var lastSequence = head.HasValue ? head.Value!.GetInt64("LastSequence") ?? 0 : 0;
        var lastHash = head.HasValue ? head.Value!.GetString("LastHash") ?? AuditChain.GenesisHash : AuditChain.GenesisHash;

        var sequence = lastSequence + 1;
        var entry = new AuditEntry(sequence, auditEvent, lastHash, AuditChain.ComputeHash(sequence, auditEvent, lastHash));
        var newHead = new TableEntity(auditEvent.ChainId, HeadRowKey) { ["LastSequence"] = sequence, ["LastHash"] = entry.Hash };
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, ToEntity(entry)),
            head.HasValue
                ? new(TableTransactionActionType.UpdateReplace, newHead, head.Value!.ETag)
                : new(TableTransactionActionType.Add, newHead),
        ];
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return entry;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException($"Audit chain {auditEvent.ChainId} moved on during append.");
        }
    }

    private static string EntriesOf(string chainId) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {chainId} and RowKey ge {EntryPrefix} and RowKey lt {RowKeys.PrefixEnd(EntryPrefix)}");

    private static TableEntity ToEntity(AuditEntry entry) => new(entry.Event.ChainId, EntryPrefix + RowKeys.NewestFirst(entry.Sequence))
    {
        ["OccurredAt"] = entry.Event.OccurredAt,
        ["Actor"] = entry.Event.Actor,
        ["Action"] = entry.Event.Action,
        ["Method"] = entry.Event.Method,
        ["Path"] = entry.Event.Path,
        ["StatusCode"] = entry.Event.StatusCode,
        ["Outcome"] = entry.Event.Outcome.ToString(),
        ["Reason"] = entry.Event.Reason,
        ["CorrelationId"] = entry.Event.CorrelationId,
        ["ClientIp"] = entry.Event.ClientIp,
        ["PreviousHash"] = entry.PreviousHash,
        ["Hash"] = entry.Hash,
    };

    private static AuditEntry ToEntry(TableEntity row)
    {
        var auditEvent = new AuditEvent(
            row.PartitionKey,
            row.GetDateTimeOffset("OccurredAt") ?? default,
            row.GetString("Actor") ?? "",
            row.GetString("Action") ?? "",
            row.GetString("Method") ?? "",
            row.GetString("Path") ?? "",
            row.GetInt32("StatusCode") ?? 0,
            Enum.TryParse<AuditOutcome>(row.GetString("Outcome"), out var outcome) ? outcome : AuditOutcome.Failure,
            row.GetString("Reason"),
            row.GetString("CorrelationId") ?? "",
            row.GetString("ClientIp"));
        var sequence = RowKeys.FromNewestFirst(row.RowKey[EntryPrefix.Length..]);
        return new AuditEntry(sequence, auditEvent, row.GetString("PreviousHash") ?? "", row.GetString("Hash") ?? "");
    }
}
