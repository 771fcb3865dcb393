using System.Globalization;
using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.Views;

/// <summary>How a field's values compare: as text, as dates (yyyy-MM-dd), numbers, yes/no, instants, or list items.</summary>
public enum ValueKind
{
    Text,
    Date,
    Number,
    Boolean,
    Instant,
    List,
    Document,
}

/// <summary>
/// The fields a view may name: a collection's schema fields plus the hub's bookkeeping (<c>id</c>, <c>version</c>,
/// <c>createdAt</c>, <c>createdBy</c>, <c>updatedAt</c>, <c>updatedBy</c>). Values are turned into keys that order
/// like the values under ordinal string comparison, so filters, sorting and spilled sort runs all compare strings.
/// </summary>
public static class ViewFields
{
    public static readonly IReadOnlyList<string> Bookkeeping = ["id", "version", "createdAt", "createdBy", "updatedAt", "updatedBy"];

    public static ValueKind? KindOf(CollectionSchema schema, string field) => field switch
    {
        "id" or "createdBy" or "updatedBy" => ValueKind.Text,
        "version" => ValueKind.Number,
        "createdAt" or "updatedAt" => ValueKind.Instant,
        _ => schema.Find(field)?.Type switch
        {
            null => null,
            FieldType.Date => ValueKind.Date,
            FieldType.WholeNumber => ValueKind.Number,
            FieldType.Boolean => ValueKind.Boolean,
            FieldType.TextList or FieldType.EnumList => ValueKind.List,
            FieldType.CustomFields => ValueKind.Document,
            _ => ValueKind.Text,
        },
    };

    /// <summary>The field's value of a record as a key (null when absent); a list's items are keys of their own, see <see cref="Items"/>.</summary>
    public static string? KeyOf(Record record, string field, ValueKind kind) => field switch
    {
        "id" => record.Id,
        "version" => NumberKey(record.Version),
        "createdAt" => InstantKey(record.CreatedAt),
        "createdBy" => record.CreatedBy,
        "updatedAt" => InstantKey(record.UpdatedAt),
        "updatedBy" => record.UpdatedBy,
        _ => record.Data.TryGetProperty(field, out var value) ? KeyOf(value, kind) : null,
    };

    public static IEnumerable<string> Items(Record record, string field) =>
        record.Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Where(item => item.ValueKind == JsonValueKind.String).Select(item => item.GetString()!)
            : [];

    /// <summary>A JSON value as a key of <paramref name="kind"/>; null when it is not one (conditions are validated with this).</summary>
    public static string? KeyOf(JsonElement value, ValueKind kind) => (kind, value.ValueKind) switch
    {
        (ValueKind.Text or ValueKind.List, JsonValueKind.String) => value.GetString(),
        (ValueKind.Date, JsonValueKind.String) when DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
            => value.GetString(),
        (ValueKind.Number, JsonValueKind.Number) when value.TryGetInt64(out var number) => NumberKey(number),
        (ValueKind.Boolean, JsonValueKind.True) => "1",
        (ValueKind.Boolean, JsonValueKind.False) => "0",
        (ValueKind.Instant, JsonValueKind.String) when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            => InstantKey(at),
        _ => null,
    };

    /// <summary>Sign-flipped fixed-width hex, so that negative numbers order before positive ones.</summary>
    private static string NumberKey(long value) => ((ulong)value ^ 0x8000_0000_0000_0000UL).ToString("X16", CultureInfo.InvariantCulture);

    private static string InstantKey(DateTimeOffset value) => value.UtcTicks.ToString("X16", CultureInfo.InvariantCulture);
}
