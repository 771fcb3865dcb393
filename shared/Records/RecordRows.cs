using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Records;

/// <summary>
/// A tenant's partition of the Records table: record rows of each generation
/// (<c>r:{generation}:{collection}:{id}</c>), the change log (<c>c:{sequence, newest first}</c>) and the head row
/// (<c>s:head</c>). The head names the live generation, the last committed sequence and, during a restore, the
/// restore that has frozen writes. Change rows past the head's sequence are not yet committed and are invisible.
/// </summary>
public static class RecordRows
{
    public const string RecordPrefix = "r:";
    public const string ChangePrefix = "c:";
    public const string HeadRowKey = "s:head";

    public static string GenerationPrefix(int generation) => $"{RecordPrefix}{generation.ToString("D6", CultureInfo.InvariantCulture)}:";

    public static string CollectionPrefix(int generation, string collection) => $"{GenerationPrefix(generation)}{collection}:";

    public static string RecordKey(int generation, string collection, string id) => $"{CollectionPrefix(generation, collection)}{id}";

    public static string ChangeKey(long sequence) => ChangePrefix + RowKeys.NewestFirst(sequence);

    public static RecordHead ToHead(TableEntity? row) => row is null
        ? RecordHead.Initial
        : new RecordHead(row.GetInt64("LastSequence") ?? 0, row.GetInt32("Generation") ?? 1, row.GetString("FrozenBy"), row.ETag);

    public static TableEntity ToEntity(string tenantId, RecordHead head) => new(tenantId, HeadRowKey)
    {
        ["LastSequence"] = head.LastSequence,
        ["Generation"] = head.Generation,
        ["FrozenBy"] = head.FrozenBy,
    };

    public static TableEntity ToEntity(string tenantId, int generation, Record record) => new(tenantId, RecordKey(generation, record.Collection, record.Id))
    {
        ["Version"] = record.Version,
        ["Data"] = JsonSerializer.Serialize(record.Data),
        ["Status"] = record.Status,
        ["Owner"] = record.Owner,
        ["CreatedAt"] = record.CreatedAt,
        ["CreatedBy"] = record.CreatedBy,
        ["UpdatedAt"] = record.UpdatedAt,
        ["UpdatedBy"] = record.UpdatedBy,
    };

    public static TableEntity ToEntity(string tenantId, ChangeLogEntry entry) => new(tenantId, ChangeKey(entry.Sequence))
    {
        ["Sequence"] = entry.Sequence,
        ["ChangedAt"] = entry.ChangedAt,
        ["Collection"] = entry.Collection,
        ["RecordId"] = entry.RecordId,
        ["Operation"] = entry.Operation.ToString(),
        ["Version"] = entry.Version,
        ["Before"] = entry.Before is { } before ? JsonSerializer.Serialize(before) : null,
        ["After"] = entry.After is { } after ? JsonSerializer.Serialize(after) : null,
        ["Actor"] = entry.Actor,
        ["CorrelationId"] = entry.CorrelationId,
        ["CreatedAt"] = entry.CreatedAt,
        ["CreatedBy"] = entry.CreatedBy,
        ["BeforeUpdatedAt"] = entry.BeforeUpdatedAt,
        ["BeforeUpdatedBy"] = entry.BeforeUpdatedBy,
    };

    public static Record ToRecord(TableEntity row)
    {
        // r:{generation}:{collection}:{id}
        var key = row.RowKey.AsSpan(RecordPrefix.Length + 7);
        var separator = key.IndexOf(':');
        return new Record(
            key[(separator + 1)..].ToString(),
            key[..separator].ToString(),
            row.GetInt64("Version") ?? 1,
            JsonSerializer.Deserialize<JsonElement>(row.GetString("Data") ?? "{}"),
            row.GetDateTimeOffset("CreatedAt") ?? default,
            row.GetString("CreatedBy") ?? "",
            row.GetDateTimeOffset("UpdatedAt") ?? default,
            row.GetString("UpdatedBy") ?? "");
    }

    public static ChangeLogEntry ToChange(TableEntity row) => new(
        row.GetInt64("Sequence") ?? 0,
        row.GetDateTimeOffset("ChangedAt") ?? default,
        row.GetString("Collection") ?? "",
        row.GetString("RecordId") ?? "",
        Enum.Parse<ChangeOperation>(row.GetString("Operation") ?? nameof(ChangeOperation.Update)),
        row.GetInt64("Version") ?? 0,
        row.GetString("Before") is { } before ? JsonSerializer.Deserialize<JsonElement>(before) : null,
        row.GetString("After") is { } after ? JsonSerializer.Deserialize<JsonElement>(after) : null,
        row.GetString("Actor") ?? "",
        row.GetString("CorrelationId") ?? "",
        row.GetDateTimeOffset("CreatedAt") ?? default,
        row.GetString("CreatedBy") ?? "",
        row.GetDateTimeOffset("BeforeUpdatedAt"),
        row.GetString("BeforeUpdatedBy"));
}

/// <summary>The head of a tenant's records: committed sequence, live generation, and the restore freezing writes.</summary>
public sealed record RecordHead(long LastSequence, int Generation, string? FrozenBy, ETag ETag)
{
    public static readonly RecordHead Initial = new(0, 1, null, default);

    public bool Exists => ETag != default;
}
