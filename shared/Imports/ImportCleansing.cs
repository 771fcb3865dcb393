using System.Buffers;
using System.Globalization;
using System.Text.Json;
using DataGovernance.Records;
using PhoneNumbers;

namespace DataGovernance.Imports;

/// <summary>A row turned into a record document, or why not.</summary>
public sealed record CleansedRow(long Row, JsonElement? Document, IReadOnlyList<ImportRowError> Errors);

/// <summary>
/// Turns the cells of a row into a record document: values trimmed; dates to ISO yyyy-MM-dd from the common formats;
/// e-mail addresses lower-cased; phone numbers to E.164 (numbers without a country code read in the settings' region);
/// enum values matched ignoring case, spaces and underscores, after the template's value map; lists split at ";" or "|".
/// The document then passes the same schema check as any record the record service writes.
/// </summary>
public sealed class ImportCleansing
{
    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();
    private static readonly string[] IsoFormats = ["yyyy-MM-dd", "yyyy/MM/dd", "yyyy.MM.dd", "yyyyMMdd"];
    private static readonly string[] NamedMonthFormats = ["d MMM yyyy", "d MMMM yyyy", "MMM d, yyyy", "MMMM d, yyyy", "d-MMM-yyyy", "d-MMM-yy", "MMM d yyyy"];
    private static readonly string[] DayFirstFormats = ["d/M/yyyy", "d-M-yyyy", "d/M/yy"];
    private static readonly string[] MonthFirstFormats = ["M/d/yyyy", "M-d-yyyy", "M/d/yy"];
    private static readonly string[] GermanFormats = ["d.M.yyyy", "d.M.yy"];
    private static readonly char[] ListSeparators = [';', '|'];

    private readonly CollectionSchema _schema;
    private readonly ImportSettings _settings;
    private readonly (string Column, FieldSpec Field)[] _fields;
    private readonly Dictionary<string, string> _columnOfField;
    private readonly string[] _dateFormats;

    public ImportCleansing(CollectionSchema schema, ImportSettings settings)
    {
        (_schema, _settings) = (schema, settings);
        _fields = [.. settings.Mapping.Select(pair => (pair.Key, schema.Find(pair.Value)!))];
        _columnOfField = settings.Mapping.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);
        _dateFormats = [.. IsoFormats, .. GermanFormats, .. settings.DayFirst ? DayFirstFormats : MonthFirstFormats, .. NamedMonthFormats];
    }

    public static bool CanBeKey(FieldSpec field) => field.Type is not (FieldType.TextList or FieldType.EnumList or FieldType.CustomFields);

    public CleansedRow Cleanse(ImportRow row)
    {
        var errors = new List<ImportRowError>();
        if (row.Problem is { } problem)
        {
            errors.Add(new ImportRowError(row.Number, null, "malformed-row", problem));
        }
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (column, field) in _fields)
            {
                var text = row.Cells.GetValueOrDefault(column)?.Trim();
                if (string.IsNullOrEmpty(text))
                {
                    continue;
                }
                if (Write(writer, field, text) is { } error)
                {
                    errors.Add(new ImportRowError(row.Number, column, error.Code, error.Message));
                }
            }
            writer.WriteEndObject();
        }
        if (errors.Count > 0)
        {
            return new CleansedRow(row.Number, null, errors);
        }
        var document = JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
        foreach (var (path, messages) in RecordValidator.Validate(_schema, document).ToDictionary())
        {
            var column = _columnOfField.GetValueOrDefault(path.Split('[', '.')[0]);
            errors.AddRange(messages.Select(message => new ImportRowError(row.Number, column, message == "Required." ? "required" : "invalid-value", message)));
        }
        if (errors.Count == 0 && buffer.WrittenCount > RecordService.MaxDocumentCharacters)
        {
            errors.Add(new ImportRowError(row.Number, null, "record-too-large", $"A record may hold at most {RecordService.MaxDocumentCharacters} characters of JSON."));
        }
        return new CleansedRow(row.Number, errors.Count == 0 ? document : null, errors);
    }

    /// <summary>Writes the cleansed value of one cell; the problem instead when it cannot be read as the field's type.</summary>
    private (string Code, string Message)? Write(Utf8JsonWriter writer, FieldSpec field, string text)
    {
        switch (field.Type)
        {
            case FieldType.Date:
                if (ParseDate(text) is not { } date)
                {
                    return ("invalid-date", "Not a date in a format the import reads (for example 2024-03-31, 31.03.2024, 31 Mar 2024).");
                }
                writer.WriteString(field.Name, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                return null;
            case FieldType.Email:
                writer.WriteString(field.Name, text.ToLowerInvariant());
                return null;
            case FieldType.CountryCode:
                writer.WriteString(field.Name, text.ToUpperInvariant());
                return null;
            case FieldType.Sha256:
                writer.WriteString(field.Name, text.ToLowerInvariant());
                return null;
            case FieldType.WholeNumber:
                if (!decimal.TryParse(text, NumberStyles.Integer | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number)
                    || number != decimal.Truncate(number) || number > long.MaxValue || number < long.MinValue)
                {
                    return ("invalid-number", "Not a whole number.");
                }
                writer.WriteNumber(field.Name, (long)number);
                return null;
            case FieldType.Boolean:
                if (ParseBoolean(text) is not { } flag)
                {
                    return ("invalid-boolean", "Not yes/no (true, false, yes, no, y, n, 1, 0).");
                }
                writer.WriteBoolean(field.Name, flag);
                return null;
            case FieldType.Enum:
                if (MapEnum(field, text) is not { } value)
                {
                    return ("unknown-value", $"Must be one of: {string.Join(", ", field.Values!)}.");
                }
                writer.WriteString(field.Name, value);
                return null;
            case FieldType.EnumList or FieldType.TextList:
                return WriteList(writer, field, text);
            case FieldType.Text when field.Name == "phone":
                if (ToE164(text) is not { } phone)
                {
                    return ("invalid-phone", $"Not a valid phone number (numbers without a country code are read as {_settings.PhoneRegion}).");
                }
                writer.WriteString(field.Name, phone);
                return null;
            default:
                writer.WriteString(field.Name, text);
                return null;
        }
    }

    private (string Code, string Message)? WriteList(Utf8JsonWriter writer, FieldSpec field, string text)
    {
        var items = text.Split(ListSeparators, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var values = new List<string>(items.Length);
        foreach (var item in items)
        {
            if (field.Type == FieldType.EnumList)
            {
                if (MapEnum(field, item) is not { } value)
                {
                    return ("unknown-value", $"Every item must be one of: {string.Join(", ", field.Values!)}.");
                }
                values.Add(value);
            }
            else
            {
                values.Add(item);
            }
        }
        writer.WriteStartArray(field.Name);
        values.ForEach(writer.WriteStringValue);
        writer.WriteEndArray();
        return null;
    }

    public DateOnly? ParseDate(string text)
    {
        if (DateOnly.TryParseExact(text, _dateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date))
        {
            return date;
        }
        // Timestamps (2024-03-31T10:00:00Z) keep their date as written.
        return text.Length > 10 && text[4] == '-' && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var stamp)
            ? DateOnly.FromDateTime(stamp.DateTime)
            : null;
    }

    public string? MapEnum(FieldSpec field, string text)
    {
        if (_settings.ValueMaps.TryGetValue(field.Name, out var map)
            && map.FirstOrDefault(pair => string.Equals(pair.Key.Trim(), text, StringComparison.OrdinalIgnoreCase)) is { Value: { } mapped })
        {
            return mapped;
        }
        var normalised = text.Trim().ToLowerInvariant().Replace(' ', '-').Replace('_', '-');
        return field.Values!.FirstOrDefault(value => string.Equals(value, text, StringComparison.OrdinalIgnoreCase) || value == normalised);
    }

    public string? ToE164(string text)
    {
        try
        {
            var number = Phones.Parse(text, _settings.PhoneRegion);
            return Phones.IsValidNumber(number) ? Phones.Format(number, PhoneNumberFormat.E164) : null;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static bool? ParseBoolean(string text) => text.ToLowerInvariant() switch
    {
        "true" or "yes" or "y" or "1" or "x" => true,
        "false" or "no" or "n" or "0" => false,
        _ => null,
    };
}
