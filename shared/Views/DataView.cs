using System.Text.Json;
using System.Text.Json.Serialization;
using DataGovernance.Storage;

namespace DataGovernance.Views;

/// <summary>
/// A tenant's saved view of one collection: which records (every condition must hold), which fields (all when
/// <see cref="Fields"/> is empty) and in which order (by <see cref="Sort"/>, then by id). Listings and exports use it.
/// </summary>
public sealed record DataView(
    string Id,
    string Name,
    string Collection,
    IReadOnlyList<ViewCondition> Filter,
    IReadOnlyList<string> Fields,
    IReadOnlyList<ViewSort> Sort,
    long Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy) : IHasETag
{
    [JsonIgnore]
    public string ETag => $"\"{Version}\"";

    public static string NewId() => $"vw-{Guid.NewGuid().ToString("N")[..12]}";
}

/// <summary>
/// One condition on a field: <c>eq</c>, <c>ne</c>, <c>in</c> (value is an array), <c>contains</c> (text: case-insensitive
/// substring; lists: an item), <c>gt</c>, <c>gte</c>, <c>lt</c>, <c>lte</c> (dates and numbers).
/// </summary>
public sealed record ViewCondition(string Field, string Op, JsonElement Value);

public sealed record ViewSort(string Field, bool Descending = false);

/// <summary>Body of <c>POST</c> and <c>PUT …/views</c>.</summary>
public sealed record DataViewRequest(
    string? Name, string? Collection, IReadOnlyList<ViewCondition>? Filter, IReadOnlyList<string>? Fields, IReadOnlyList<ViewSort>? Sort);

/// <summary>A record as a view shows it: the hub's bookkeeping and the projected fields.</summary>
public sealed record ViewRow(string Id, long Version, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, JsonElement Fields);
