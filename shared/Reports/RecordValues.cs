using System.Globalization;
using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.Reports;

/// <summary>Typed reads of a record's fields, null (or empty) when the field is missing or of another type.</summary>
public static class RecordValues
{
    public static string? Text(Record record, string field) =>
        record.Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public static IReadOnlyList<string> List(Record record, string field) =>
        record.Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Array
            ? [.. value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)]
            : [];

    public static DateOnly? Date(Record record, string field) =>
        Text(record, field) is { } text && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
            ? date
            : null;

    public static int? Number(Record record, string field) =>
        record.Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : null;
}
