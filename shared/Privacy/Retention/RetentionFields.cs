using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using DataGovernance.Classification;
using DataGovernance.Records;

namespace DataGovernance.Privacy;

/// <summary>
/// Where personal data sits in the hub's collections, field by field, and how retention reads event dates and removes
/// personal data. Category policies select records by these fields of the records themselves (a record is covered
/// when one of the category's fields holds a value); values inside <c>customFields</c> are not known here.
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

    /// <summary>The collections with at least one field of the category.</summary>
    public static IReadOnlyList<string> CollectionsHolding(PiiCategory category) =>
        [.. Collections.Names.Where(name => PersonalFields(name, category).Count > 0)];

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

    /// <summary>Whether one of the fields still holds personal data (a value other than what anonymisation leaves).</summary>
    public static bool HoldsAny(Record record, IReadOnlyList<string> fields) =>
        fields.Any(field => record.Data.TryGetProperty(field, out var value) && value.ValueKind is not JsonValueKind.Null
            && !(value.ValueKind == JsonValueKind.String && (value.GetString() is "" || value.GetString() == Placeholder(record, field))));

    /// <summary>
    /// The record's document without the fields' personal data, and what each field now holds (null: removed), as the
    /// erasure ledger keeps it. Required fields keep a placeholder so the record stays valid.
    /// </summary>
    public static (JsonElement Document, Dictionary<string, JsonElement?> Fields) Anonymise(Record record, IReadOnlyList<string> fields)
    {
        var document = JsonNode.Parse(record.Data.GetRawText())!.AsObject();
        var schema = Collections.Find(record.Collection)!;
        var changed = new Dictionary<string, JsonElement?>(StringComparer.Ordinal);
        foreach (var field in fields)
        {
            // Every field is in the ledger entry, present or not, so that a retry after the change gives the same entry.
            if (schema.Find(field) is { Required: true })
            {
                var placeholder = Placeholder(record, field)!;
                document[field] = placeholder;
                changed[field] = JsonSerializer.SerializeToElement(placeholder);
            }
            else
            {
                document.Remove(field);
                changed[field] = null;
            }
        }
        return (JsonSerializer.SerializeToElement(document), changed);
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
            { Required: true } => AnonymisedText,
            _ => null,
        };

    private static string? Text(Record record, string field) =>
        record.Data.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
