using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
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
public sealed record StoredClassification(
    RecordClassification Classification, int Generation, IReadOnlyList<SubjectIndexEntry> Index, IReadOnlyList<string> Stale, ETag ETag = default);

/// <summary>The first time classification found one special category of data in a tenant.</summary>
public sealed record SpecialCategoryFinding(PiiCategory Category, DateTimeOffset FirstFoundAt, string Collection, string RecordId);

/// <summary>
/// The DataClassifications table, one partition per tenant: a result row per record (<c>rec|collection|id</c>), subject
/// index rows (<c>idx|key|collection|id|field</c>, found by key prefix) and a row per special category first found
/// (<c>special|category</c>). No row holds a personal value: the index holds keyed hashes only.
/// </summary>
public sealed class DataClassificationStore(HubStorage storage)
{
    private const string ResultPrefix = "rec|";
    private const string IndexPrefix = "idx|";
    private const string SpecialPrefix = "special|";
    private const int MaxActionsPerTransaction = 100;
    private const int MaxPropertyCharacters = 30_000;

    /// <summary>Index rows a record may own: beyond this its result row would outgrow a table row (1 MiB).</summary>
    public const int MaxIndexEntriesPerRecord = 2000;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private TableClient Table => storage.Primary.Table(StorageNames.DataClassificationsTable);

    public static string ResultRowKey(string collection, string recordId) => $"{ResultPrefix}{collection}|{recordId}";

    /// <summary>The row of an index entry; the field path is hashed because it may hold characters row keys forbid.</summary>
    public static string IndexRowKey(SubjectIndexEntry entry)
    {
        var field = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{entry.FieldPath}\n{entry.Entity}")))[..16];
        return $"{IndexPrefix}{entry.Key}|{entry.Collection}|{entry.RecordId}|{field}";
    }

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

    /// <summary>Deletes the result row if unchanged since read; false when someone else wrote first.</summary>
    public async Task<bool> DeleteAsync(string tenantId, StoredClassification stored, CancellationToken cancellationToken)
    {
        try
        {
            await Table.DeleteEntityAsync(tenantId, ResultRowKey(stored.Classification.Collection, stored.Classification.RecordId), stored.ETag, cancellationToken);
            return true;
        }
        catch (RequestFailedException ex) when (ex.Status is 404 or 412)
        {
            return ex.Status == 404;
        }
    }

    /// <summary>Writes the index rows (a repeat writes the same rows again).</summary>
    public async Task UpsertIndexAsync(string tenantId, IReadOnlyList<SubjectIndexEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var chunk in entries.DistinctBy(IndexRowKey).Chunk(MaxActionsPerTransaction))
        {
            await Table.SubmitTransactionAsync(
                chunk.Select(entry => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(tenantId, entry))), cancellationToken);
        }
    }

    /// <summary>Deletes rows by key; rows already gone are fine.</summary>
    public async Task DeleteRowsAsync(string tenantId, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
    {
        foreach (var chunk in rowKeys.Distinct(StringComparer.Ordinal).Chunk(MaxActionsPerTransaction))
        {
            try
            {
                await Table.SubmitTransactionAsync(chunk.Select(key => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenantId, key))),
                    cancellationToken);
            }
            catch (TableTransactionFailedException ex) when (ex.Status == 404)
            {
                foreach (var key in chunk)
                {
                    await Table.DeleteEntityAsync(tenantId, key, ETag.All, cancellationToken);
                }
            }
        }
    }

    /// <summary>Every index row under a subject key.</summary>
    public async Task<IReadOnlyList<SubjectIndexEntry>> FindIndexAsync(string tenantId, string key, CancellationToken cancellationToken)
    {
        var prefix = $"{IndexPrefix}{key}|";
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
        var found = new List<SubjectIndexEntry>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(ToEntry(key, row));
        }
        return found;
    }

    /// <summary>Every result of the tenant, in collection and id order.</summary>
    public async IAsyncEnumerable<RecordClassification> ScanResultsAsync(string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {ResultPrefix} and RowKey lt {RowKeys.PrefixEnd(ResultPrefix)}");
        // Only the result, not the index it owns: the map reads every row.
        string[] columns = ["Document", .. Enumerable.Range(1, 9).Select(part => $"Document{part}")];
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, 1000, columns, cancellationToken))
        {
            yield return JsonSerializer.Deserialize<RecordClassification>(Read(row, "Document"), Json)!;
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

    /// <summary>Every index row of the tenant as (row key, collection, record id), for finding rows whose record is gone.</summary>
    public async IAsyncEnumerable<(string RowKey, string Collection, string RecordId)> ScanIndexRowsAsync(
        string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {IndexPrefix} and RowKey lt {RowKeys.PrefixEnd(IndexPrefix)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, 1000, ["RowKey", "Collection", "RecordId"], cancellationToken))
        {
            yield return (row.RowKey, row.GetString("Collection"), row.GetString("RecordId"));
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
        };
        Write(entity, "Document", JsonSerializer.Serialize(stored.Classification, Json));
        Write(entity, "Index", JsonSerializer.Serialize(stored.Index, Json));
        Write(entity, "Stale", JsonSerializer.Serialize(stored.Stale, Json));
        return entity;
    }

    private static StoredClassification ToStored(TableEntity row) => new(
        JsonSerializer.Deserialize<RecordClassification>(Read(row, "Document"), Json)!,
        row.GetInt32("Generation") ?? 0,
        JsonSerializer.Deserialize<List<SubjectIndexEntry>>(Read(row, "Index"), Json)!,
        JsonSerializer.Deserialize<List<string>>(Read(row, "Stale"), Json)!,
        row.ETag);

    /// <summary>A text over a string property's 32K-character limit continues in Name1, Name2, … (a row may hold 1 MiB).</summary>
    private static void Write(TableEntity entity, string name, string text)
    {
        for (var part = 0; part * MaxPropertyCharacters < text.Length || part == 0; part++)
        {
            var start = part * MaxPropertyCharacters;
            entity[part == 0 ? name : $"{name}{part}"] = text.Substring(start, Math.Min(MaxPropertyCharacters, text.Length - start));
        }
    }

    private static string Read(TableEntity row, string name)
    {
        var text = new StringBuilder(row.GetString(name));
        for (var part = 1; row.GetString($"{name}{part}") is { } more; part++)
        {
            text.Append(more);
        }
        return text.ToString();
    }

    private static TableEntity ToEntity(string tenantId, SubjectIndexEntry entry) => new(tenantId, IndexRowKey(entry))
    {
        ["Collection"] = entry.Collection,
        ["RecordId"] = entry.RecordId,
        ["FieldPath"] = entry.FieldPath,
        ["Entity"] = entry.Entity,
        ["Confidence"] = entry.Confidence,
        ["NameTokens"] = entry.NameTokens,
    };

    private static SubjectIndexEntry ToEntry(string key, TableEntity row) => new(
        key, row.GetString("Collection"), row.GetString("RecordId"), row.GetString("FieldPath"), row.GetString("Entity"),
        row.GetDouble("Confidence") ?? 0, row.GetInt32("NameTokens") ?? 0);
}
