using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>A subject's chain head: how many entries they have and the hash of the last one, and the ETag that orders appends.</summary>
public sealed record ConsentChainHead(long Count, string? LastHash, ETag ETag)
{
    public bool Exists => ETag != default;
}

/// <summary>
/// The consent ledger, append-only by construction: this store can add entries and read them, and nothing else. One
/// partition per tenant holds each entry twice — <c>e:{occurred, newest first}-{suffix}</c> for the tenant's listing and
/// <c>s:{subject}|{entry id}</c> for the subject's — and the subject's chain head <c>h:{subject}</c>, all written in one
/// entity-group transaction. Subject keys are opaque references or pseudonyms, never e-mail addresses.
/// </summary>
public sealed class ConsentLedgerStore(HubStorage storage)
{
    private const string EntryPrefix = "e:";
    private const string SubjectPrefix = "s:";
    private const string HeadPrefix = "h:";

    private TableClient Table => storage.Primary.Table(StorageNames.ConsentLedgerTable);

    /// <summary>A new entry id for an entry that occurred at <paramref name="occurredAt"/>: sorts newest first, unique.</summary>
    public static string NewId(DateTimeOffset occurredAt) => $"{RowKeys.NewestFirst(occurredAt.UtcTicks)}-{Guid.NewGuid().ToString("N")[..12]}";

    public async Task<ConsentChainHead> GetHeadAsync(string tenantId, string subject, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, HeadPrefix + subject, cancellationToken: cancellationToken);
        return row.HasValue
            ? new ConsentChainHead(row.Value!.GetInt64("Count") ?? 0, row.Value.GetString("LastHash"), row.Value.ETag)
            : new ConsentChainHead(0, null, default);
    }

    /// <summary>
    /// Appends the entry if the subject's head is still <paramref name="head"/>; throws <see cref="ConcurrencyConflictException"/>
    /// when another append of the same subject got in first, so the caller chains onto the new head and retries.
    /// </summary>
    public async Task AppendAsync(string tenantId, ConsentEntry entry, ConsentChainHead head, CancellationToken cancellationToken)
    {
        var newHead = new TableEntity(tenantId, HeadPrefix + entry.Subject) { ["Count"] = entry.SubjectSequence, ["LastHash"] = entry.Hash };
        TableTransactionAction[] actions =
        [
            new(TableTransactionActionType.Add, ToEntity(tenantId, EntryPrefix + entry.Id, entry)),
            new(TableTransactionActionType.Add, ToEntity(tenantId, SubjectKey(entry.Subject, entry.Id), entry)),
            head.Exists
                ? new(TableTransactionActionType.UpdateReplace, newHead, head.ETag)
                : new(TableTransactionActionType.Add, newHead),
        ];
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException($"Consent chain of a subject in tenant {tenantId} moved on during the append.");
        }
    }

    public async Task<ConsentEntry?> GetAsync(string tenantId, string id, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, EntryPrefix + id, cancellationToken: cancellationToken);
        return row.HasValue ? ToEntry(row.Value!) : null;
    }

    /// <summary>One page of matching entries, newest occurrence first, and the SDK's token for the next.</summary>
    public async Task<(IReadOnlyList<ConsentEntry> Items, string? NextToken)> ListAsync(
        string tenantId, ConsentFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        await foreach (var page in Table.QueryAsync<TableEntity>(Query(tenantId, filter), pageSize, cancellationToken: cancellationToken)
            .AsPages(continuationToken, pageSize))
        {
            return (page.Values.Select(ToEntry).ToList(), page.ContinuationToken);
        }
        return ([], null);
    }

    /// <summary>Every matching entry, newest occurrence first, streamed page by page.</summary>
    public async IAsyncEnumerable<ConsentEntry> ScanAsync(string tenantId, ConsentFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table.QueryAsync<TableEntity>(Query(tenantId, filter), 1000, cancellationToken: cancellationToken))
        {
            yield return ToEntry(row);
        }
    }

    /// <summary>
    /// Rows of one subject (<c>s:{subject}|…</c>) or of the whole tenant (<c>e:…</c>). Newest first: an entry before
    /// <c>to</c> has a key at or above the tick before <c>to</c>; one at or after <c>from</c> a key below the tick before <c>from</c>.
    /// </summary>
    private static string Query(string tenantId, ConsentFilter filter)
    {
        var prefix = filter.Subject is { } subject ? $"{SubjectPrefix}{subject}|" : EntryPrefix;
        var lower = filter.To is { } to ? prefix + RowKeys.NewestFirst(to.UtcTicks - 1) : prefix;
        var upper = filter.From is { } from ? prefix + RowKeys.NewestFirst(from.UtcTicks - 1) : RowKeys.PrefixEnd(prefix);
        return TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {lower} and RowKey lt {upper}"),
            filter.Purpose is { } purpose ? TableClient.CreateQueryFilter($"Purpose eq {purpose}") : null);
    }

    private static string SubjectKey(string subject, string id) => $"{SubjectPrefix}{subject}|{id}";

    private static TableEntity ToEntity(string tenantId, string rowKey, ConsentEntry entry) => new(tenantId, rowKey)
    {
        ["EntryId"] = entry.Id,
        ["Subject"] = entry.Subject,
        ["SubjectSequence"] = entry.SubjectSequence,
        ["Purpose"] = entry.Purpose,
        ["LawfulBasis"] = entry.LawfulBasis.ToString(),
        ["Action"] = entry.Action.ToString(),
        ["Source"] = entry.Source.ToString(),
        ["OccurredAt"] = entry.OccurredAt,
        ["Proof"] = JsonSerializer.Serialize(entry.Proof),
        ["RecordedAt"] = entry.RecordedAt,
        ["RecordedBy"] = entry.RecordedBy,
        ["CorrelationId"] = entry.CorrelationId,
        ["PreviousHash"] = entry.PreviousHash,
        ["Hash"] = entry.Hash,
    };

    private static ConsentEntry ToEntry(TableEntity row) => new(
        row.GetString("EntryId") ?? "",
        row.GetString("Subject") ?? "",
        row.GetInt64("SubjectSequence") ?? 0,
        row.GetString("Purpose") ?? "",
        Enum.Parse<LegalBasis>(row.GetString("LawfulBasis") ?? nameof(LegalBasis.Consent)),
        Enum.Parse<ConsentAction>(row.GetString("Action") ?? nameof(ConsentAction.Given)),
        Enum.Parse<ConsentSource>(row.GetString("Source") ?? nameof(ConsentSource.Api)),
        row.GetDateTimeOffset("OccurredAt") ?? default,
        JsonSerializer.Deserialize<ConsentProof>(row.GetString("Proof") ?? "{}")!,
        row.GetDateTimeOffset("RecordedAt") ?? default,
        row.GetString("RecordedBy") ?? "",
        row.GetString("CorrelationId") ?? "",
        row.GetString("PreviousHash"),
        row.GetString("Hash") ?? "");
}
