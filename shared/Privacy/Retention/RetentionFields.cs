using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGovernance.Classification;
using DataGovernance.Records;

namespace DataGovernance.Privacy;

/// <summary>
/// Where personal data sits in the hub's collections: the fields the schemas define for it, plus wherever classification
/// found it in a record (DataClassifications); and how retention reads event dates and removes personal data.
/// </summary>
public static class RetentionFields
{
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";

    /// <summary>What a required text field holds once anonymised (the schema does not allow it empty).</summary>
    public const string AnonymisedText = "Anonymised";

    /// <summary>The domain of the address a required e-mail field holds once anonymised; <c>.invalid</c> never delivers (RFC 2606).</summary>
    public const string AnonymisedEmailDomain = "anonymised.invalid";

    private static readonly Dictionary<string, (string Field, PiiCategory Category)[]> Personal = new(StringComparer.Ordinal)
    {
        [Collections.People] =
        [
            ("fullName", PiiCategory.Name), ("email", PiiCategory.ContactDetails), ("phone", PiiCategory.ContactDetails),
            ("homeAddress", PiiCategory.ContactDetails), ("dateOfBirth", PiiCategory.DateOfBirth), ("nationalId", PiiCategory.GovernmentIdentifier),
            ("employeeId", PiiCategory.Other),
        ],
        [Collections.Vendors] = [("contactEmail", PiiCategory.ContactDetails)],
        [Collections.Assessments] = [("assessor", PiiCategory.Name)],
    };

    /// <summary>The collection's personal fields, of one category or of all.</summary>
    public static IReadOnlyList<string> PersonalFields(string collection, PiiCategory? category = null) =>
        [.. Personal.GetValueOrDefault(collection, []).Where(pair => category is null || pair.Category == category).Select(pair => pair.Field)];

    /// <summary>Event fields a collection offers: the record's creation and last change, and every date field of its schema.</summary>
    public static IReadOnlyList<string> EventFields(string collection) =>
        [CreatedAt, UpdatedAt, .. Collections.Find(collection)!.Fields.Where(field => field.Type == FieldType.Date).Select(field => field.Name)];

    /// <summary>The record's event date; null when the date field is empty.</summary>
    public static DateTimeOffset? EventDate(Record record, string eventField) => eventField switch
    {
        CreatedAt => record.CreatedAt,
        UpdatedAt => record.UpdatedAt,
        _ => record.Data.TryGetProperty(eventField, out var value) && value.ValueKind == JsonValueKind.String
            && DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero)
                : null,
    };

    /// <summary>
    /// The fields in which classification found personal data (of the category, or of any) in this version of the record; none
    /// when the record has not been classified at this version yet (its own fields still count).
    /// </summary>
    public static IEnumerable<string> Classified(RecordClassification? classification, Record record, PiiCategory? category) =>
        classification is { } found && found.RecordVersion == record.Version
            ? found.Fields.Where(field => category is null || field.Categories.Contains(category.Value)).Select(field => field.FieldPath)
            : [];

    /// <summary>Whether one of the fields still holds personal data (a value other than what anonymisation leaves).</summary>
    public static bool HoldsAny(Record record, IReadOnlyList<string> fields) =>
        fields.Any(path => ValueAt(record.Data, path) is { } value && value.ValueKind is not JsonValueKind.Null
            && !(value.ValueKind == JsonValueKind.String && (value.GetString() is "" || value.GetString() == Placeholder(record, Split(path).Field))));

    /// <summary>
    /// The record's document without the fields' personal data, and what each field now holds (null: removed), as the
    /// erasure ledger keeps it. A field is a top-level name, <c>customFields.name</c>, or a classified path inside a
    /// field (<c>tags[2]</c>), which removes that whole field. Required text fields keep a placeholder so the record
    /// stays valid; a required date, number or choice is left as it is.
    /// </summary>
    public static (JsonElement Document, Dictionary<string, JsonElement?> Fields) Anonymise(Record record, IReadOnlyList<string> fields)
    {
        var document = JsonNode.Parse(record.Data.GetRawText())!.AsObject();
        var schema = Collections.Find(record.Collection)!;
        var changed = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        foreach (var (field, custom) in fields.Select(Split).Distinct())
        {
            // Every field is in the ledger entry, present or not, so that a retry after the change gives the same entry.
            if (custom is not null)
            {
                (document[field] as JsonObject)?.Remove(custom);
                changed[$"{field}.{custom}"] = null;
            }
            else if (schema.Find(field) is { Required: true } required)
            {
                if (Placeholder(record, field) is { } placeholder && required.Type is FieldType.Text or FieldType.Email)
                {
                    document[field] = placeholder;
                    changed[field] = JsonSerializer.SerializeToElement(placeholder);
                }
            }
            else
            {
                document.Remove(field);
                changed[field] = null;
            }
        }
        return (JsonSerializer.SerializeToElement(document), changed);
    }

    /// <summary>The top-level field of a path, and the custom field's name for <c>customFields.name</c>.</summary>
    private static (string Field, string? Custom) Split(string path)
    {
        var end = path.IndexOfAny(['.', '[']);
        var field = end < 0 ? path : path[..end];
        var rest = end < 0 ? "" : path[(end + 1)..];
        return end >= 0 && path[end] == '.' && field == Records.RecordFields.CustomFields && rest.Length > 0 && rest.IndexOfAny(['.', '[']) < 0
            ? (field, rest)
            : (field, null);
    }

    private static JsonElement? ValueAt(JsonElement document, string path)
    {
        var (field, custom) = Split(path);
        if (!document.TryGetProperty(field, out var value))
        {
            return null;
        }
        return custom is null ? value : value.ValueKind == JsonValueKind.Object && value.TryGetProperty(custom, out var inner) ? inner : null;
    }

    /// <summary>The identifiers of the data subject a record is about, as legal holds on subjects are matched.</summary>
    public static SubjectIdentifiers Subject(Record record) => new(
        Text(record, record.Collection == Collections.Vendors ? "contactEmail" : "email"),
        Text(record, "phone"),
        Text(record, "nationalId") is { } nationalId ? [nationalId] : null,
        null);

    private static string? Placeholder(Record record, string field) =>
        Collections.Find(record.Collection)?.Find(field) switch
        {
            { Required: true, Type: FieldType.Email } => $"anonymised-{record.Id}@{AnonymisedEmailDomain}".ToLowerInvariant(),
            { Required: true, Type: FieldType.Text } => AnonymisedText,
            _ => null,
        };

    private static string? Text(Record record, string field) =>
        record.Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
