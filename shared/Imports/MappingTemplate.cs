using System.Text.Json.Serialization;
using DataGovernance.Storage;

namespace DataGovernance.Imports;

/// <summary>
/// A tenant's saved mapping for files of one legacy tool: which column feeds which field, how its values translate
/// (e.g. status "Done" → "implemented") and which field identifies duplicates.
/// </summary>
public sealed record MappingTemplate(
    string Id,
    string Name,
    string Collection,
    IReadOnlyDictionary<string, string> Columns,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ValueMaps,
    string? KeyField,
    string? PhoneRegion,
    bool DayFirst,
    long Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy) : IHasETag
{
    [JsonIgnore]
    public string ETag => $"\"{Version}\"";
}

/// <summary>What a client sends to create or replace a template.</summary>
public sealed record MappingTemplateRequest(
    string? Name,
    string? Collection,
    Dictionary<string, string>? Columns,
    Dictionary<string, Dictionary<string, string>>? ValueMaps,
    string? KeyField,
    string? PhoneRegion,
    bool? DayFirst);
