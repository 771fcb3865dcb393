using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.Evidence;

/// <summary>The file an evidence record names.</summary>
public sealed record EvidenceFile(string FileName, string ContentType, long SizeBytes, string Sha256);

/// <summary>The fields of an evidence record that describe its file.</summary>
public static class EvidenceFileFields
{
    public const string FileName = "fileName";
    public const string ContentType = "contentType";
    public const string SizeBytes = "sizeBytes";
    public const string Sha256 = "sha256";

    /// <summary>The record's file; null when it names none.</summary>
    public static EvidenceFile? Of(Record record) => Of(record.Data);

    public static EvidenceFile? Of(JsonElement data) =>
        Text(data, Sha256) is { } sha256
            ? new EvidenceFile(Text(data, FileName) ?? "file", Text(data, ContentType) ?? "application/octet-stream",
                data.TryGetProperty(SizeBytes, out var size) && size.TryGetInt64(out var bytes) ? bytes : 0, sha256)
            : null;

    private static string? Text(JsonElement data, string field) =>
        data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>File names as given by clients, made safe to store, serve and put in an archive.</summary>
public static class EvidenceFileNames
{
    public const int MaxLength = 255;

    /// <summary>The last path segment without control or reserved characters, at most 255 characters; null when nothing is left.</summary>
    public static string? Clean(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return null;
        }
        var last = name.Replace('\\', '/').Split('/').Last();
        var kept = new string(last.Where(c => !char.IsControl(c) && c is not (':' or '*' or '?' or '"' or '<' or '>' or '|')).ToArray()).Trim().Trim('.');
        if (kept.Length == 0)
        {
            return null;
        }
        return kept.Length <= MaxLength ? kept : kept[..MaxLength];
    }
}
