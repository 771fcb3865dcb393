namespace DataGovernance.Records;

public enum FieldType
{
    Text,
    Enum,
    Date,
    WholeNumber,
    Boolean,
    TextList,
    EnumList,
    Email,
    Url,
    CountryCode,
    Sha256,
    CustomFields,
}

/// <summary>One field of a collection's document schema.</summary>
/// <param name="MaxLength">For text: characters; for lists: characters per item.</param>
/// <param name="Values">Allowed values of an enum or enum list.</param>
/// <param name="MaxItems">For lists and custom fields: number of entries.</param>
/// <param name="Restricted">
/// Holds Restricted data by its nature (a government identifier): treated as Restricted before, and whatever,
/// classification has found in it.
/// </param>
public sealed record FieldSpec(
    string Name,
    FieldType Type,
    bool Required = false,
    int MaxLength = 200,
    IReadOnlyList<string>? Values = null,
    long? Min = null,
    long? Max = null,
    int MaxItems = 50,
    bool Restricted = false);

/// <summary>A collection of tenant records and the schema its documents must satisfy.</summary>
public sealed record CollectionSchema(string Name, string Title, IReadOnlyList<FieldSpec> Fields)
{
    public FieldSpec Status => Fields.Single(spec => spec.Name == RecordFields.Status);

    public FieldSpec? Find(string name) => Fields.FirstOrDefault(spec => spec.Name == name);
}

/// <summary>Fields every collection has, because the hub filters on them.</summary>
public static class RecordFields
{
    public const string Status = "status";
    public const string Owner = "owner";
    public const string CustomFields = "customFields";
}
