using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Privacy;
using DataGovernance.Storage;

namespace DataGovernance.Records;

/// <summary>
/// Takes erased personal data out of a record's change log, so that neither the timeline nor a reconstruction of a
/// past state shows it. Every entry of the record keeps its row, sequence, operation, version, actor and times (the
/// log stays gap-free); only its <c>Before</c> and <c>After</c> documents change: an erasure of fields applies the
/// ledger entry's fields to each document that holds them (pseudonym or removal, through
/// <see cref="ErasureSet.ApplyFields"/>); an erasure of the whole record leaves each document empty (<c>{}</c>),
/// so a create still has no before and a delete no after.
/// </summary>
/// <remarks>
/// The change log is not hashed or chained (the audit log is, and it holds no documents), and commits never
/// touch existing change rows: record and head ETags order commits as before. Entries are found by a filter on
/// the tenant's change rows (<c>Collection</c>, and <c>RecordId</c> when one record is erased), which the service
/// evaluates over the whole change log of the tenant: one paged query per collection of a batch.
/// </remarks>
internal static class ChangeLogRedaction
{
    private const string Empty = "{}";

    /// <summary>
    /// Redacts every change-log entry of the entries' records; returns how many it rewrote (0 when repeated). One query
    /// per collection, however many of its records are erased: a batch of erasures costs one pass over the change log,
    /// not one per record.
    /// </summary>
    public static async Task<int> RedactAsync(TableClient table, string tenantId, IReadOnlyCollection<ErasureLedgerEntry> entries, CancellationToken cancellationToken)
    {
        var rewritten = 0;
        foreach (var collection in entries.GroupBy(entry => entry.Collection))
        {
            var byRecord = collection.GroupBy(entry => entry.RecordId).ToDictionary(group => group.Key, group => group.ToList());
            var filter = byRecord.Count == 1
                ? TableClient.CreateQueryFilter($"Collection eq {collection.Key} and RecordId eq {byRecord.Keys.Single()}")
                : TableClient.CreateQueryFilter($"Collection eq {collection.Key}");
            var query = TableClient.CreateQueryFilter(
                $"PartitionKey eq {tenantId} and RowKey ge {RecordRows.ChangePrefix} and RowKey lt {RowKeys.PrefixEnd(RecordRows.ChangePrefix)}") + $" and {filter}";
            await foreach (var found in table.QueryAsync<TableEntity>(query, 1000, ["RowKey", "RecordId", "Before", "After"], cancellationToken))
            {
                var row = found;
                foreach (var entry in byRecord.GetValueOrDefault(row.GetString("RecordId") ?? "") ?? [])
                {
                    if (await RedactRowAsync(table, tenantId, row, entry, cancellationToken) is { } redacted)
                    {
                        rewritten++;
                        row = redacted;
                    }
                }
            }
        }
        return rewritten;
    }

    /// <summary>
    /// Rewrites one row if it holds erased data and answers the row as now stored (null when nothing changed), so a
    /// further erasure of the same record applies on top. A concurrent redaction of the same row makes it read the row again.
    /// </summary>
    private static async Task<TableEntity?> RedactRowAsync(TableClient table, string tenantId, TableEntity row, ErasureLedgerEntry entry, CancellationToken cancellationToken)
    {
        while (true)
        {
            var (before, after) = (Redact(row.GetString("Before"), entry), Redact(row.GetString("After"), entry));
            if (before is null && after is null)
            {
                return null;
            }
            var update = new TableEntity(tenantId, row.RowKey);
            if (before is not null)
            {
                update["Before"] = before;
            }
            if (after is not null)
            {
                update["After"] = after;
            }
            try
            {
                var updated = await table.UpdateEntityAsync(update, row.ETag, TableUpdateMode.Merge, cancellationToken);
                var stored = new TableEntity(tenantId, row.RowKey) { ["Before"] = before ?? row.GetString("Before"), ["After"] = after ?? row.GetString("After") };
                stored.ETag = updated.Headers.ETag ?? default;
                return stored;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
            {
                row = (await table.GetEntityAsync<TableEntity>(tenantId, row.RowKey, ["RowKey", "Before", "After"], cancellationToken)).Value;
            }
        }
    }

    /// <summary>The redacted document, or null when there is none or nothing in it is erased (so a repeat writes nothing).</summary>
    private static string? Redact(string? stored, ErasureLedgerEntry entry)
    {
        if (stored is null)
        {
            return null;
        }
        if (entry.ErasesRecord)
        {
            return stored == Empty ? null : Empty;
        }
        var document = JsonSerializer.Deserialize<JsonElement>(stored);
        var changes = entry.Fields.Where(field => NeedsChange(document, field.Key, field.Value)).ToList();
        return changes.Count == 0 ? null : JsonSerializer.Serialize(ErasureSet.ApplyFields(document, changes));
    }

    /// <summary>
    /// Whether the document holds the field with another value than the erasure left: a version that never had the
    /// field keeps not having it, so the entry's before and after still differ exactly where the change was.
    /// </summary>
    private static bool NeedsChange(JsonElement document, string field, JsonElement? erasedTo)
    {
        var (parent, name) = field.Split('.', 2) is [var outer, var inner]
            ? (document.TryGetProperty(outer, out var nested) && nested.ValueKind == JsonValueKind.Object ? nested : default, inner)
            : (document, field);
        if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(name, out var value))
        {
            return false;
        }
        return erasedTo is not { } replacement || !JsonElement.DeepEquals(value, replacement);
    }
}
