using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using DataGovernance.Records;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>
/// One erasure of personal data from one record. <see cref="Fields"/> maps a field (a top-level name, or
/// <c>customFields.name</c>) to what the erasure left in it: a pseudonym, or null when the field was removed.
/// No fields means the whole record was erased.
/// </summary>
public sealed record ErasureLedgerEntry(
    string TenantId,
    string EntryId,
    string Collection,
    string RecordId,
    IReadOnlyDictionary<string, JsonElement?> Fields,
    DateTimeOffset ErasedAt,
    string RequestId)
{
    public bool ErasesRecord => Fields.Count == 0;
}

/// <summary>
/// The erasure ledger: every erasure ever made in a tenant, kept so that a restore re-applies it and erased
/// personal data never comes back from a backup. Partition = tenant, row = collection, record and entry. Erasures
/// write their entries to the secondary account too (<see cref="AddToSecondaryAsync"/>): a hub that fails over to
/// the secondary region reads its ledger there, so restores from the replicas re-apply every erasure as well.
/// </summary>
public sealed class ErasureLedgerStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.ErasureLedgerTable);

    private TableClient SecondaryTable => storage.Secondary.Table(StorageNames.ErasureLedgerTable);

    public async Task AddAsync(ErasureLedgerEntry entry, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, cancellationToken);

    /// <summary>Writes the entry to the secondary account (creating its table the first time); repeating it changes nothing.</summary>
    public async Task AddToSecondaryAsync(ErasureLedgerEntry entry, CancellationToken cancellationToken)
    {
        try
        {
            await SecondaryTable.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            await SecondaryTable.CreateIfNotExistsAsync(cancellationToken);
            await SecondaryTable.UpsertEntityAsync(ToEntity(entry), TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>The entry <paramref name="entryId"/> of one record, or null.</summary>
    public async Task<ErasureLedgerEntry?> GetAsync(string tenantId, string collection, string recordId, string entryId, CancellationToken cancellationToken) =>
        await GetFromAsync(Table, tenantId, collection, recordId, entryId, cancellationToken);

    /// <summary>The entry as the secondary account holds it, or null (also when the account has no ledger yet).</summary>
    public async Task<ErasureLedgerEntry?> GetFromSecondaryAsync(
        string tenantId, string collection, string recordId, string entryId, CancellationToken cancellationToken)
    {
        try
        {
            return await GetFromAsync(SecondaryTable, tenantId, collection, recordId, entryId, cancellationToken);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    private static async Task<ErasureLedgerEntry?> GetFromAsync(
        TableClient table, string tenantId, string collection, string recordId, string entryId, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(tenantId, RowKey(collection, recordId, entryId), cancellationToken: cancellationToken);
        return row.HasValue ? ToEntry(tenantId, collection, row.Value!) : null;
    }

    private static TableEntity ToEntity(ErasureLedgerEntry entry) => new(entry.TenantId, RowKey(entry.Collection, entry.RecordId, entry.EntryId))
    {
        ["Collection"] = entry.Collection,
        ["RecordId"] = entry.RecordId,
        ["Fields"] = JsonSerializer.Serialize(entry.Fields),
        ["ErasedAt"] = entry.ErasedAt,
        ["RequestId"] = entry.RequestId,
    };

    private static ErasureLedgerEntry ToEntry(string tenantId, string collection, TableEntity row) =>
        new(tenantId, row.RowKey[(row.RowKey.LastIndexOf(':') + 1)..], collection, row.GetString("RecordId") ?? "",
            JsonSerializer.Deserialize<Dictionary<string, JsonElement?>>(row.GetString("Fields") ?? "{}") ?? [],
            row.GetDateTimeOffset("ErasedAt") ?? default, row.GetString("RequestId") ?? "");

    /// <summary>The erasures of one collection, grouped by record, oldest first per record.</summary>
    public async Task<ErasureSet> ForCollectionAsync(string tenantId, string collection, CancellationToken cancellationToken)
    {
        var prefix = $"{collection}:";
        var byRecord = new Dictionary<string, List<ErasureLedgerEntry>>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}"), cancellationToken: cancellationToken))
        {
            var entry = ToEntry(tenantId, collection, row);
            (byRecord.TryGetValue(entry.RecordId, out var list) ? list : byRecord[entry.RecordId] = []).Add(entry);
        }
        return new ErasureSet(byRecord.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<ErasureLedgerEntry>)[.. pair.Value.OrderBy(e => e.ErasedAt)]));
    }

    private static string RowKey(string collection, string recordId, string entryId) => $"{collection}:{recordId}:{entryId}";
}

/// <summary>The erasures of one collection, ready to apply to records on their way back from a backup.</summary>
public sealed class ErasureSet(IReadOnlyDictionary<string, IReadOnlyList<ErasureLedgerEntry>> byRecord)
{
    public bool IsEmpty => byRecord.Count == 0;

    /// <summary>The record with every erasure re-applied; null when the record itself was erased.</summary>
    public Record? Apply(Record record)
    {
        if (!byRecord.TryGetValue(record.Id, out var entries))
        {
            return record;
        }
        if (entries.Any(entry => entry.ErasesRecord))
        {
            return null;
        }
        return record with { Data = ApplyFields(record.Data, entries.SelectMany(entry => entry.Fields)) };
    }

    /// <summary>
    /// <paramref name="data"/> with each field (a top-level name or <c>customFields.name</c>) set to its value, or
    /// removed when the value is null. The one way erasures change documents, live and on restore.
    /// </summary>
    public static JsonElement ApplyFields(JsonElement data, IEnumerable<KeyValuePair<string, JsonElement?>> fields)
    {
        var document = JsonNode.Parse(data.GetRawText())!.AsObject();
        foreach (var (field, value) in fields)
        {
            var (parent, name) = field.Split('.', 2) is [var outer, var inner] ? (document[outer] as JsonObject, inner) : (document, field);
            if (parent is null)
            {
                continue;
            }
            if (value is { } replacement)
            {
                parent[name] = JsonNode.Parse(replacement.GetRawText());
            }
            else
            {
                parent.Remove(name);
            }
        }
        return JsonSerializer.SerializeToElement(document);
    }
}
