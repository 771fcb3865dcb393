using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataGovernance.Outcomes;

namespace DataGovernance.Records;

/// <summary>Checks a record document against its collection's schema and reports every problem by field.</summary>
public static partial class RecordValidator
{
    public static FieldErrors Validate(CollectionSchema schema, JsonElement document)
    {
        var errors = new FieldErrors();
        if (document.ValueKind != JsonValueKind.Object)
        {
            return errors.Add("$", "The record must be a JSON object.");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in document.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                errors.Add(property.Name, "Field appears more than once.");
                continue;
            }
            var field = schema.Find(property.Name);
            if (field is null)
            {
                errors.Add(property.Name, "Unknown field.");
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                ValidateValue(field, property.Value, property.Name, errors);
            }
        }

        foreach (var field in schema.Fields.Where(field => field.Required))
        {
            if (!document.TryGetProperty(field.Name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                errors.Add(field.Name, "Required.");
            }
        }
        return errors;
    }

    private static void ValidateValue(FieldSpec field, JsonElement value, string path, FieldErrors errors)
    {
        switch (field.Type)
        {
            case FieldType.Text:
                ValidateText(field, value, path, errors);
                break;
            case FieldType.Enum:
                if (value.ValueKind != JsonValueKind.String || !field.Values!.Contains(value.GetString()!))
                {
                    errors.Add(path, $"Must be one of: {string.Join(", ", field.Values!)}.");
                }
                break;
            case FieldType.Date:
                if (value.ValueKind != JsonValueKind.String
                    || !DateOnly.TryParseExact(value.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
                {
                    errors.Add(path, "Must be a date in yyyy-MM-dd form.");
                }
                break;
            case FieldType.WholeNumber:
                if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt64(out var integer))
                {
                    errors.Add(path, "Must be a whole number.");
                }
                else
                {
                    ValidateRange(field, integer, path, errors);
                }
                break;
            case FieldType.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    errors.Add(path, "Must be true or false.");
                }
                break;
            case FieldType.TextList:
            case FieldType.EnumList:
                ValidateList(field, value, path, errors);
                break;
            case FieldType.Email:
                if (!IsText(value, field.MaxLength, out var email) || !IsEmail(email))
                {
                    errors.Add(path, "Must be an e-mail address.");
                }
                break;
            case FieldType.Url:
                if (!IsText(value, field.MaxLength, out var url)
                    || !Uri.TryCreate(url, UriKind.Absolute, out var uri)
                    || uri.Scheme is not ("https" or "http"))
                {
                    errors.Add(path, "Must be an absolute http or https URL.");
                }
                break;
            case FieldType.CountryCode:
                if (!IsText(value, 2, out var country) || !IsCountryCode(country))
                {
                    errors.Add(path, "Must be an ISO 3166-1 alpha-2 country code such as DE.");
                }
                break;
            case FieldType.Sha256:
                if (!IsText(value, 64, out var hash) || !Sha256Pattern().IsMatch(hash))
                {
                    errors.Add(path, "Must be a SHA-256 digest in lower-case hex.");
                }
                break;
            case FieldType.CustomFields:
                ValidateCustomFields(field, value, path, errors);
                break;
            default:
                throw new InvalidOperationException($"No validation for field type {field.Type}.");
        }
    }

    private static void ValidateText(FieldSpec field, JsonElement value, string path, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(path, "Must be a string.");
            return;
        }
        var text = value.GetString()!;
        if (field.Required && string.IsNullOrWhiteSpace(text))
        {
            errors.Add(path, "Must not be empty.");
        }
        else if (text.Length > field.MaxLength)
        {
            errors.Add(path, $"Must be at most {field.MaxLength} characters.");
        }
        else if (text.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            errors.Add(path, "Must not contain control characters.");
        }
    }

    private static void ValidateRange(FieldSpec field, long number, string path, FieldErrors errors)
    {
        if (number < field.Min || number > field.Max)
        {
            errors.Add(path, $"Must be between {field.Min?.ToString(CultureInfo.InvariantCulture) ?? "-∞"} and {field.Max?.ToString(CultureInfo.InvariantCulture) ?? "∞"}.");
        }
    }

    private static void ValidateList(FieldSpec field, JsonElement value, string path, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(path, "Must be an array of strings.");
            return;
        }
        if (value.GetArrayLength() > field.MaxItems)
        {
            errors.Add(path, $"Must have at most {field.MaxItems} items.");
            return;
        }
        var index = 0;
        var distinct = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateArray())
        {
            var itemPath = $"{path}[{index++}]";
            if (!IsText(item, field.MaxLength, out var text) || text.Length == 0)
            {
                errors.Add(itemPath, $"Must be a non-empty string of at most {field.MaxLength} characters.");
            }
            else if (field.Type == FieldType.EnumList && !field.Values!.Contains(text))
            {
                errors.Add(itemPath, $"Must be one of: {string.Join(", ", field.Values!)}.");
            }
            else if (!distinct.Add(text))
            {
                errors.Add(itemPath, "Duplicate item.");
            }
        }
    }

    private static void ValidateCustomFields(FieldSpec field, JsonElement value, string path, FieldErrors errors)
    {
        if (value.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, "Must be an object of string values.");
            return;
        }
        var count = 0;
        foreach (var property in value.EnumerateObject())
        {
            var propertyPath = $"{path}.{property.Name}";
            if (++count > field.MaxItems)
            {
                errors.Add(path, $"Must have at most {field.MaxItems} entries.");
                return;
            }
            if (!CustomFieldName().IsMatch(property.Name))
            {
                errors.Add(propertyPath, "Names start with a letter and use letters, digits, '_', '-' or '.' (at most 64).");
            }
            else if (!IsText(property.Value, field.MaxLength, out _))
            {
                errors.Add(propertyPath, $"Must be a string of at most {field.MaxLength} characters.");
            }
        }
    }

    private static bool IsText(JsonElement value, int maxLength, out string text)
    {
        text = value.ValueKind == JsonValueKind.String ? value.GetString()! : "";
        return value.ValueKind == JsonValueKind.String && text.Length <= maxLength;
    }

    private static bool IsEmail(string value) =>
        MailAddress.TryCreate(value, out var address)
        && address.Address == value
        && address.DisplayName.Length == 0
        && address.Host.Contains('.', StringComparison.Ordinal);

    private static bool IsCountryCode(string value)
    {
        if (!CountryPattern().IsMatch(value))
        {
            return false;
        }
        try
        {
            return new RegionInfo(value).TwoLetterISORegionName == value;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex("^[0-9a-f]{64}$", RegexOptions.CultureInvariant)]
    private static partial Regex Sha256Pattern();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryPattern();

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_.-]{0,63}$", RegexOptions.CultureInvariant)]
    private static partial Regex CustomFieldName();
}
