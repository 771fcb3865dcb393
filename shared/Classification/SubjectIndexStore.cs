using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Classification;

/// <summary>
/// The subject index rows of DataClassifications (<c>idx|key|collection|id|field</c> in the tenant's partition): found by
/// the key prefix, each names a record and field holding an identifier whose keyed hash is the key.
/// </summary>
public sealed class SubjectIndexStore(HubStorage storage)
{
    private const string IndexPrefix = "idx|";
    private const int MaxActionsPerTransaction = 100;

    private TableClient Table => storage.Primary.Table(StorageNames.DataClassificationsTable);

    /// <summary>The row of an index entry; the field path is hashed because it may hold characters row keys forbid.</summary>
    public static string RowKey(SubjectIndexEntry entry)
    {
        var field = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{entry.FieldPath}\n{entry.Entity}")))[..16];
        return $"{IndexPrefix}{entry.Key}|{entry.Collection}|{entry.RecordId}|{field}";
    }

    /// <summary>Writes the index rows (a repeat writes the same rows again).</summary>
    public async Task UpsertAsync(string tenantId, IReadOnlyList<SubjectIndexEntry> entries, CancellationToken cancellationToken)
    {
        foreach (var chunk in entries.DistinctBy(RowKey).Chunk(MaxActionsPerTransaction))
        {
            await Table.SubmitTransactionAsync(
                chunk.Select(entry => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(tenantId, entry))), cancellationToken);
        }
    }

    /// <summary>Deletes rows by key; rows already gone are fine.</summary>
    public async Task DeleteAsync(string tenantId, IEnumerable<string> rowKeys, CancellationToken cancellationToken)
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
    public async Task<IReadOnlyList<SubjectIndexEntry>> FindAsync(string tenantId, string key, CancellationToken cancellationToken)
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

    /// <summary>Every index row of the tenant as (row key, collection, record id), for finding rows whose record is gone.</summary>
    public async IAsyncEnumerable<(string RowKey, string Collection, string RecordId)> ScanAsync(
        string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {IndexPrefix} and RowKey lt {RowKeys.PrefixEnd(IndexPrefix)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, 1000, ["RowKey", "Collection", "RecordId"], cancellationToken))
        {
            yield return (row.RowKey, row.GetString("Collection"), row.GetString("RecordId"));
        }
    }

    private static TableEntity ToEntity(string tenantId, SubjectIndexEntry entry) => new(tenantId, RowKey(entry))
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
