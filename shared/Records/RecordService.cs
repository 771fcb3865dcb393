using System.Text.Json;
using System.Text.RegularExpressions;
using DataGovernance.Outcomes;
using DataGovernance.Storage;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Records;

/// <summary>
/// Creates, reads, replaces, deletes and lists tenant records; every write lands in the change log. Other features'
/// checks may refuse a write before it commits; their observers hear of it after (classification, transfer DPIAs).
/// </summary>
public sealed partial class RecordService(
    RecordStore store,
    ChangeLogStore changeLog,
    RecordCache cache,
    IEnumerable<IRecordWriteCheck> writeChecks,
    IEnumerable<IRecordWriteObserver> writeObservers,
    ILogger<RecordService> logger,
    TimeProvider clock)
{
    /// <summary>Keeps a document and its before/after copies in the change log within Table storage's property limit.</summary>
    public const int MaxDocumentCharacters = 30_000;

    public async Task<Result<Record>> CreateAsync(string tenantId, string collection, JsonElement document, WriteContext context, CancellationToken cancellationToken)
    {
        var created = await CreateManyAsync(tenantId, collection, [document], context, cancellationToken);
        return created.Succeeded ? created.Value[0] : created.Failure;
    }

    /// <summary>Creates up to <see cref="RecordStore.MaxWritesPerCommit"/> records in one atomic commit.</summary>
    public async Task<Result<IReadOnlyList<Record>>> CreateManyAsync(
        string tenantId, string collection, IReadOnlyList<JsonElement> documents, WriteContext context, CancellationToken cancellationToken)
    {
        if (Collections.Find(collection) is not { } schema)
        {
            return UnknownCollection(collection);
        }
        var now = clock.GetUtcNowForStorage();
        var records = new List<Record>(documents.Count);
        foreach (var document in documents)
        {
            if (Check(schema, document) is { } failure)
            {
                return failure;
            }
            var id = Guid.CreateVersion7(now).ToString("N");
            records.Add(new Record(id, collection, 1, document.Clone(), now, context.Actor.Id, now, context.Actor.Id));
        }
        if (await RefusalAsync(tenantId, records, cancellationToken) is { } refused)
        {
            return refused;
        }
        var committed = await store.CommitAsync(tenantId, records.Select(r => new RecordWrite(null, r)).ToList(), now, context, cancellationToken);
        if (!committed.Succeeded)
        {
            return committed.Failure;
        }
        var generation = await store.GetGenerationAsync(tenantId, cancellationToken);
        records.ForEach(record => cache.Remember(tenantId, generation, record));
        await CommittedAsync(tenantId, committed.Value);
        return records;
    }

    /// <summary>Reads a record, from this instance's short-lived cache when <paramref name="allowCached"/>.</summary>
    public async Task<Result<Record>> GetAsync(string tenantId, string collection, string id, bool allowCached, CancellationToken cancellationToken)
    {
        if (FindTarget(collection, id) is { } failure)
        {
            return failure;
        }
        var generation = await store.GetGenerationAsync(tenantId, cancellationToken);
        if (allowCached && cache.TryGet(tenantId, generation, collection, id, out var cached))
        {
            return cached is null ? RecordNotFound(collection, id) : cached;
        }
        var stored = await store.GetAsync(tenantId, generation, collection, id, cancellationToken);
        if (stored is null)
        {
            return RecordNotFound(collection, id);
        }
        cache.Remember(tenantId, generation, stored.Record);
        return stored.Record;
    }

    /// <summary>Replaces the record's document; with <paramref name="expectedVersion"/> only if it is still at that version.</summary>
    public async Task<Result<Record>> ReplaceAsync(
        string tenantId, string collection, string id, JsonElement document, long? expectedVersion, WriteContext context, CancellationToken cancellationToken)
    {
        if (FindTarget(collection, id) is { } notFound)
        {
            return notFound;
        }
        if (Check(Collections.Find(collection)!, document) is { } invalid)
        {
            return invalid;
        }
        var current = await store.GetAsync(tenantId, collection, id, cancellationToken);
        if (current is null)
        {
            return RecordNotFound(collection, id);
        }
        if (expectedVersion is { } expected && current.Record.Version != expected)
        {
            return Failure.PreconditionFailed($"The record is at version {current.Record.Version}, not {expected}.");
        }
        var now = clock.GetUtcNowForStorage();
        var next = current.Record with
        {
            Version = current.Record.Version + 1,
            Data = document.Clone(),
            UpdatedAt = now,
            UpdatedBy = context.Actor.Id,
        };
        if (await RefusalAsync(tenantId, [next], cancellationToken) is { } refused)
        {
            return refused;
        }
        var committed = await store.CommitAsync(tenantId, [new RecordWrite(current, next)], now, context, cancellationToken);
        if (!committed.Succeeded)
        {
            return committed.Failure;
        }
        cache.Remember(tenantId, await store.GetGenerationAsync(tenantId, cancellationToken), next);
        await CommittedAsync(tenantId, committed.Value);
        return next;
    }

    /// <summary>Deletes the record; with <paramref name="expectedVersion"/> only if it is still at that version.</summary>
    public async Task<Result<ChangeLogEntry>> DeleteAsync(
        string tenantId, string collection, string id, long? expectedVersion, WriteContext context, CancellationToken cancellationToken)
    {
        if (FindTarget(collection, id) is { } notFound)
        {
            return notFound;
        }
        var current = await store.GetAsync(tenantId, collection, id, cancellationToken);
        if (current is null)
        {
            return RecordNotFound(collection, id);
        }
        if (expectedVersion is { } expected && current.Record.Version != expected)
        {
            return Failure.PreconditionFailed($"The record is at version {current.Record.Version}, not {expected}.");
        }
        var committed = await store.CommitAsync(tenantId, [new RecordWrite(current, null)], clock.GetUtcNowForStorage(), context, cancellationToken);
        if (!committed.Succeeded)
        {
            return committed.Failure;
        }
        cache.RememberDeleted(tenantId, await store.GetGenerationAsync(tenantId, cancellationToken), collection, id, committed.Value[0].Version);
        await CommittedAsync(tenantId, committed.Value);
        return committed.Value[0];
    }

    public async Task<Result<Page<Record>>> ListAsync(
        string tenantId, string collection, RecordFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (Collections.Find(collection) is not { } schema)
        {
            return UnknownCollection(collection);
        }
        if (filter.Status is { } status && !schema.Status.Values!.Contains(status))
        {
            return Failure.BadRequest("invalid-filter", "Unknown status for this collection.",
                FieldErrors.Of("status", $"Must be one of: {string.Join(", ", schema.Status.Values!)}."));
        }
        var scope = ContinuationToken.Scope("records", tenantId, collection, filter.Status, filter.Owner, filter.UpdatedSince);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, collection, filter, pageSize, sdkToken, cancellationToken);
        return new Page<Record>(items, ContinuationToken.Encode(next, scope));
    }

    /// <summary>The tenant's change log, newest first: the activity timeline.</summary>
    public async Task<Result<Page<ChangeLogEntry>>> ListChangesAsync(
        string tenantId, ChangeFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (filter.Collection is { } collection && Collections.Find(collection) is null)
        {
            return UnknownCollection(collection);
        }
        var scope = ContinuationToken.Scope("timeline", tenantId, filter.Collection, filter.Actor, filter.From, filter.To);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await changeLog.ListAsync(tenantId, filter, pageSize, sdkToken, cancellationToken);
        return new Page<ChangeLogEntry>(items, ContinuationToken.Encode(next, scope));
    }

    /// <summary>
    /// Takes what erasures removed from records out of those records' change log, after the erasures' own writes (whose
    /// entries hold the data as it was); safe to repeat. Give a batch at once: each collection costs one pass over the log.
    /// Returns how many entries it rewrote.
    /// </summary>
    public Task<int> RedactChangesAsync(string tenantId, IReadOnlyCollection<DataGovernance.Privacy.ErasureLedgerEntry> erasures, CancellationToken cancellationToken) =>
        changeLog.RedactAsync(tenantId, erasures, cancellationToken);

    public static bool IsValidId(string id) => IdPattern().IsMatch(id);

    private async Task<Failure?> RefusalAsync(string tenantId, IReadOnlyList<Record> writes, CancellationToken cancellationToken)
    {
        foreach (var check in writeChecks)
        {
            foreach (var record in writes)
            {
                if (await check.CheckAsync(tenantId, record, cancellationToken) is { } failure)
                {
                    return failure;
                }
            }
        }
        return null;
    }

    /// <summary>Tells the observers; the write has committed, so neither a failure nor the caller's cancellation may undo its answer.</summary>
    private async Task CommittedAsync(string tenantId, IReadOnlyList<ChangeLogEntry> changes)
    {
        foreach (var observer in writeObservers)
        {
            try
            {
                await observer.CommittedAsync(tenantId, changes, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.WriteObserverFailed(ex, tenantId, observer.GetType().Name);
            }
        }
    }

    private static Failure? Check(CollectionSchema schema, JsonElement document)
    {
        var errors = RecordValidator.Validate(schema, document);
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        return JsonSerializer.Serialize(document).Length > MaxDocumentCharacters
            ? new Failure(FailureKind.TooLarge, "record-too-large", $"A record may hold at most {MaxDocumentCharacters} characters of JSON.")
            : null;
    }

    /// <summary>Null when <paramref name="collection"/> exists and <paramref name="id"/> is a well-formed record id, otherwise the problem.</summary>
    public static Failure? FindTarget(string collection, string id)
    {
        if (Collections.Find(collection) is null)
        {
            return UnknownCollection(collection);
        }
        return IsValidId(id) ? null : Failure.BadRequest("invalid-record-id", "A record id is 1–64 letters, digits, '-' or '_'.");
    }

    private static Failure UnknownCollection(string collection) =>
        new(FailureKind.NotFound, "unknown-collection", $"There is no collection '{collection}'. Collections: {string.Join(", ", Collections.Names)}.");

    private static Failure RecordNotFound(string collection, string id) =>
        Failure.NotFound($"There is no record '{id}' in {collection}.");

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();
}

internal static partial class RecordServiceLog
{
    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Tenant {TenantId}: {Observer} failed after a record write committed")]
    public static partial void WriteObserverFailed(this ILogger logger, Exception exception, string tenantId, string observer);
}
