using System.Text.Json;
using System.Text.Json.Serialization;
using DataGovernance.Storage;

namespace DataGovernance.Records;

/// <summary>A tenant's compliance record: a schema-checked JSON document plus the hub's bookkeeping.</summary>
public sealed record Record(
    string Id,
    string Collection,
    long Version,
    JsonElement Data,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy) : IHasETag
{
    [JsonIgnore]
    public string ETag => $"\"{Version}\"";

    [JsonIgnore]
    public string? Status => Text(RecordFields.Status);

    [JsonIgnore]
    public string? Owner => Text(RecordFields.Owner);

    private string? Text(string field) =>
        Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

public enum ChangeOperation
{
    Create,
    Update,
    Delete,
}

/// <summary>
/// One entry of a tenant's change log. <see cref="Sequence"/> numbers every change of the tenant without gaps
/// and in commit order: it is the position a snapshot or a point-in-time view refers to. An entry carries enough
/// to rebuild the whole record on both sides of the change, so any past state can be reconstructed.
/// </summary>
public sealed record ChangeLogEntry(
    long Sequence,
    DateTimeOffset ChangedAt,
    string Collection,
    string RecordId,
    ChangeOperation Operation,
    long Version,
    JsonElement? Before,
    JsonElement? After,
    string Actor,
    string CorrelationId,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset? BeforeUpdatedAt,
    string? BeforeUpdatedBy)
{
    /// <summary>The record as this change left it; null after a delete.</summary>
    public Record? AfterState() => After is { } data
        ? new Record(RecordId, Collection, Version, data, CreatedAt, CreatedBy, ChangedAt, Actor)
        : null;

    /// <summary>The record as it was before this change; null before a create.</summary>
    public Record? BeforeState() => Before is { } data
        ? new Record(RecordId, Collection, Version - 1, data, CreatedAt, CreatedBy, BeforeUpdatedAt ?? CreatedAt, BeforeUpdatedBy ?? CreatedBy)
        : null;
}

/// <summary>Who is writing, under which request and from which address, for the change log and security events.</summary>
/// <param name="ClientIp">The caller's network address (IPv4-mapped addresses as IPv4); null for the hub's own work.</param>
public sealed record WriteContext(DataGovernance.Security.Actor Actor, string CorrelationId, string? ClientIp = null);

/// <summary>Filters of a record listing; every one optional.</summary>
public sealed record RecordFilter(string? Status, string? Owner, DateTimeOffset? UpdatedSince);

/// <summary>Filters of a timeline (change log) listing; every one optional.</summary>
public sealed record ChangeFilter(string? Collection, string? Actor, DateTimeOffset? From, DateTimeOffset? To);
