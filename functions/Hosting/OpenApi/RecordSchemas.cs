using System.Globalization;
using System.Text.Json.Nodes;
using DataGovernance.Records;
using Microsoft.OpenApi;

namespace DataGovernance.Functions.Hosting.OpenApi;

/// <summary>JSON Schemas of the record collections, generated from the same field specs the validator enforces.</summary>
public static class RecordSchemas
{
    public static string ComponentName(CollectionSchema schema) => $"{schema.Title}Data";

    public static OpenApiSchema For(CollectionSchema schema) => new()
    {
        Type = JsonSchemaType.Object,
        Description = $"The document of a record in '{schema.Name}'.",
        Required = schema.Fields.Where(field => field.Required).Select(field => field.Name).ToHashSet(),
        Properties = schema.Fields.ToDictionary(field => field.Name, field => (IOpenApiSchema)For(field)),
        AdditionalPropertiesAllowed = false,
    };

    private static OpenApiSchema For(FieldSpec field) => field.Type switch
    {
        FieldType.Text => Text(field.MaxLength),
        FieldType.Enum => Enum(field.Values!),
        FieldType.Date => new() { Type = JsonSchemaType.String, Format = "date" },
        FieldType.WholeNumber => new()
        {
            Type = JsonSchemaType.Integer,
            Format = "int64",
            Minimum = field.Min?.ToString(CultureInfo.InvariantCulture),
            Maximum = field.Max?.ToString(CultureInfo.InvariantCulture),
        },
        FieldType.Boolean => new() { Type = JsonSchemaType.Boolean },
        FieldType.TextList => new() { Type = JsonSchemaType.Array, Items = Text(field.MaxLength), MaxItems = field.MaxItems, UniqueItems = true },
        FieldType.EnumList => new() { Type = JsonSchemaType.Array, Items = Enum(field.Values!), MaxItems = field.MaxItems, UniqueItems = true },
        FieldType.Email => new() { Type = JsonSchemaType.String, Format = "email", MaxLength = field.MaxLength },
        FieldType.Url => new() { Type = JsonSchemaType.String, Format = "uri", MaxLength = field.MaxLength },
        FieldType.CountryCode => new() { Type = JsonSchemaType.String, Pattern = "^[A-Z]{2}$", Description = "ISO 3166-1 alpha-2" },
        FieldType.Sha256 => new() { Type = JsonSchemaType.String, Pattern = "^[0-9a-f]{64}$" },
        FieldType.CustomFields => new()
        {
            Type = JsonSchemaType.Object,
            AdditionalProperties = Text(field.MaxLength),
            MaxProperties = field.MaxItems,
            Description = "Tenant-defined fields: string values under names of letters, digits, '_', '-' and '.'.",
        },
        _ => throw new InvalidOperationException($"No schema for field type {field.Type}."),
    };

    private static OpenApiSchema Text(int maxLength) => new() { Type = JsonSchemaType.String, MaxLength = maxLength };

    private static OpenApiSchema Enum(IEnumerable<string> values) =>
        new() { Type = JsonSchemaType.String, Enum = values.Select(value => (JsonNode)JsonValue.Create(value)).ToList() };
}
