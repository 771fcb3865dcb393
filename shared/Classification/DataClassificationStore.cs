using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Classification;

/// <summary>
/// A record's classification as stored: the result, the subject index rows it owns, and rows of an earlier
/// classification still to be removed (<see cref="Stale"/>), so that a crash between the steps is repaired by the next attempt.
/// </summary>
/// <param name="IndexKey">The fingerprint of the tenant's subject index key the rows were keyed with (<see cref="SubjectKeys.Fingerprint"/>).</param>
/// <param name="BuiltInVersion">The <see cref="Classifier.BuiltInVersion"/> that classified the record.</param>
public sealed record StoredClassification(
    RecordClassification Classification, int Generation, IReadOnlyList<SubjectIndexEntry> Index, IReadOnlyList<string> Stale, string IndexKey, int BuiltInVersion,
    ETag ETag = default);

/// <summary>The first time classification found one special category of data in a tenant.</summary>
public sealed record SpecialCategoryFinding(PiiCategory Category, DateTimeOffset FirstFoundAt, string Collection, string RecordId);

/// <summary>
/// The DataClassifications table, one partition per tenant: a result row per record (<c>rec|collection|id</c>), subject
/// index rows (<see cref="SubjectIndexStore"/>), the sensitivity map's counts per collection
/// (<c>map|collection</c>, changed in one transaction with each result) and a row per special category first found
/// (<c>special|category</c>). No row holds a personal value: the index holds keyed hashes only.
/// </summary>
public sealed class DataClassificationStore(HubStorage storage)
{
    private const string ResultPrefix = "rec|";
    private const string SpecialPrefix = "special|";
    private const string TallyPrefix = "map|";

    /// <summary>Index rows a record may own: beyond this its result row would outgrow a table row (1 MiB).</summary>
    public const int MaxIndexEntriesPerRecord = 2000;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private TableClient Table => storage.Primary.Table(StorageNames.DataClassificationsTable);

    public static string ResultRowKey(string collection, string recordId) => $"{ResultPrefix}{collection}|{recordId}";

    public async Task<StoredClassification?> GetAsync(string tenantId, string collection, string recordId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, ResultRowKey(collection, recordId), cancellationToken: cancellationToken);
        return row.HasValue ? ToStored(row.Value!) : null;
    }

    /// <summary>Creates the result row when <paramref name="current"/> is null, else replaces it if unchanged; false when someone else wrote first.</summary>
    public async Task<(bool Saved, ETag ETag)> SaveAsync(string tenantId, StoredClassification next, ETag? current, CancellationToken cancellationToken)
    {
        var entity = ToEntity(tenantId, next);
        try
        {
            var response = current is { } etag
                ? await Table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken)
                : await Table.AddEntityAsync(entity, cancellationToken);
            return (true, response.Headers.ETag ?? default);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return (false, default);
        }
    }

    /// <summary>
    /// Writes a result and its collection's counts in one transaction: the result created when <paramref name="currentResult"/>
    /// is null, else replaced if unchanged, and likewise the counts. False when either changed meanwhile.
    /// </summary>
    public async Task<(bool Saved, ETag ETag)> CommitAsync(
        string tenantId, StoredClassification next, ETag? currentResult, CollectionTally tally, ETag? currentTally, CancellationToken cancellationToken)
    {
        var actions = new[]
        {
            Write(ToEntity(tenantId, next), currentResult),
            Write(ToEntity(tenantId, next.Classification.Collection, tally), currentTally),
        };
        try
        {
            var responses = await Table.SubmitTransactionAsync(actions, cancellationToken);
            return (true, responses.Value[0].Headers.ETag ?? default);
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return (false, default);
        }
    }

    /// <summary>Deletes a result if unchanged since read, with its collection's new counts, in one transaction; false when either changed meanwhile.</summary>
    public async Task<bool> DeleteAsync(string tenantId, StoredClassification stored, CollectionTally tally, ETag? currentTally, CancellationToken cancellationToken)
    {
        var result = new TableEntity(tenantId, ResultRowKey(stored.Classification.Collection, stored.Classification.RecordId));
        try
        {
            await Table.SubmitTransactionAsync(
                [new TableTransactionAction(TableTransactionActionType.Delete, result, stored.ETag), Write(ToEntity(tenantId, stored.Classification.Collection, tally), currentTally)],
                cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <summary>A collection's counts and the ETag guarding their next change (none before the first result).</summary>
    public async Task<(CollectionTally Tally, ETag? ETag)> GetTallyAsync(string tenantId, string collection, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(tenantId, TallyPrefix + collection, cancellationToken: cancellationToken);
        return row.HasValue ? (ToTally(row.Value!), row.Value!.ETag) : (new CollectionTally(), null);
    }

    /// <summary>Every collection's counts, with their ETags.</summary>
    public async Task<IReadOnlyList<(string Collection, CollectionTally Tally, ETag ETag)>> ListTalliesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {TallyPrefix} and RowKey lt {RowKeys.PrefixEnd(TallyPrefix)}");
        var tallies = new List<(string, CollectionTally, ETag)>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            tallies.Add((row.RowKey[TallyPrefix.Length..], ToTally(row), row.ETag));
        }
        return tallies;
    }

    /// <summary>Replaces every collection's counts at once, if none changed since <paramref name="current"/> was read; false otherwise.</summary>
    public async Task<bool> ReplaceTalliesAsync(
        string tenantId, IReadOnlyDictionary<string, CollectionTally> next, IReadOnlyDictionary<string, ETag> current, CancellationToken cancellationToken)
    {
        var actions = next.Select(pair => Write(ToEntity(tenantId, pair.Key, pair.Value), current.TryGetValue(pair.Key, out var etag) ? etag : null)).ToList();
        if (actions.Count == 0)
        {
            return true;
        }
        try
        {
            await Table.SubmitTransactionAsync(actions, cancellationToken);
            return true;
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412)
        {
            return false;
        }
    }

    /// <summary>Every result of the tenant, in collection and id order.</summary>
    public async IAsyncEnumerable<RecordClassification> ScanResultsAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {ResultPrefix} and RowKey lt {RowKeys.PrefixEnd(ResultPrefix)}");
        // Only the result, not the index it owns: the map reads every row.
        string[] columns = ["Document", .. Enumerable.Range(1, 9).Select(part => $"Document{part}")];
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, 1000, columns, cancellationToken))
        {
            yield return JsonSerializer.Deserialize<RecordClassification>(ChunkedText.Read(row, "Document"), Json)!;
        }
    }

    /// <summary>Every result of the tenant with the index rows it owns.</summary>
    public async IAsyncEnumerable<StoredClassification> ScanStoredAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {ResultPrefix} and RowKey lt {RowKeys.PrefixEnd(ResultPrefix)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: cancellationToken))
        {
            yield return ToStored(row);
        }
    }

    public async Task<IReadOnlyList<SpecialCategoryFinding>> ListSpecialCategoriesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {SpecialPrefix} and RowKey lt {RowKeys.PrefixEnd(SpecialPrefix)}");
        var found = new List<SpecialCategoryFinding>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(new SpecialCategoryFinding(Enum.Parse<PiiCategory>(row.RowKey[SpecialPrefix.Length..]), row.GetDateTimeOffset("FirstFoundAt")!.Value,
                row.GetString("Collection"), row.GetString("RecordId")));
        }
        return found;
    }

    /// <summary>Remembers the first finding of a category; false when one was remembered before.</summary>
    public async Task<bool> AddSpecialCategoryAsync(string tenantId, SpecialCategoryFinding finding, CancellationToken cancellationToken)
    {
        try
        {
            await Table.AddEntityAsync(new TableEntity(tenantId, SpecialPrefix + finding.Category)
            {
                ["FirstFoundAt"] = finding.FirstFoundAt,
                ["Collection"] = finding.Collection,
                ["RecordId"] = finding.RecordId,
            }, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return false;
        }
    }

    private static TableEntity ToEntity(string tenantId, StoredClassification stored)
    {
        var entity = new TableEntity(tenantId, ResultRowKey(stored.Classification.Collection, stored.Classification.RecordId))
        {
            ["Collection"] = stored.Classification.Collection,
            ["RecordId"] = stored.Classification.RecordId,
            ["RecordVersion"] = stored.Classification.RecordVersion,
            ["Generation"] = stored.Generation,
            ["IndexKey"] = stored.IndexKey,
            ["BuiltInVersion"] = stored.BuiltInVersion,
        };
        ChunkedText.Write(entity, "Document", JsonSerializer.Serialize(stored.Classification, Json));
        ChunkedText.Write(entity, "Index", JsonSerializer.Serialize(stored.Index, Json));
        ChunkedText.Write(entity, "Stale", JsonSerializer.Serialize(stored.Stale, Json));
        return entity;
    }

    private static StoredClassification ToStored(TableEntity row) => new(
        JsonSerializer.Deserialize<RecordClassification>(ChunkedText.Read(row, "Document"), Json)!,
        row.GetInt32("Generation") ?? 0,
        JsonSerializer.Deserialize<List<SubjectIndexEntry>>(ChunkedText.Read(row, "Index"), Json)!,
        JsonSerializer.Deserialize<List<string>>(ChunkedText.Read(row, "Stale"), Json)!,
        row.GetString("IndexKey") ?? "",
        row.GetInt32("BuiltInVersion") ?? 0,
        row.ETag);

    private static TableTransactionAction Write(TableEntity entity, ETag? current) => current is { } etag
        ? new TableTransactionAction(TableTransactionActionType.UpdateReplace, entity, etag)
        : new TableTransactionAction(TableTransactionActionType.Add, entity);

    private static TableEntity ToEntity(string tenantId, string collection, CollectionTally tally)
    {
        var entity = new TableEntity(tenantId, TallyPrefix + collection);
        ChunkedText.Write(entity, "Tally", JsonSerializer.Serialize(tally, Json));
        return entity;
    }

    private static CollectionTally ToTally(TableEntity row) => JsonSerializer.Deserialize<CollectionTally>(ChunkedText.Read(row, "Tally"), Json)!;
}
