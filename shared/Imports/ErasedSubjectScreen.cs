using System.Text.Json;
using DataGovernance.Privacy;
using DataGovernance.Records;
using PhoneNumbers;

namespace DataGovernance.Imports;

/// <summary>
/// Keeps erased data subjects from coming back through an import: a row whose e-mail address (an e-mail field, or the
/// <c>owner</c> or <c>assessor</c> written as an address) or phone number belongs to a subject erased in the tenant is
/// invalid, with the row error <c>erased-subject</c>. Matching goes through the erasures' pseudonyms
/// (<see cref="ErasedPseudonyms"/>); the hub holds nothing else that identifies erased subjects.
/// </summary>
public sealed class ErasedSubjectScreen
{
    public const string Code = "erased-subject";

    private static readonly PhoneNumberUtil Phones = PhoneNumberUtil.GetInstance();

    private static readonly string[] TextFieldsWithAddresses = [RecordFields.Owner, "assessor"];

    private readonly ErasedPseudonyms _erased;
    private readonly IReadOnlyList<(string Field, string Column, bool Phone)> _checked;

    private ErasedSubjectScreen(ErasedPseudonyms erased, IReadOnlyList<(string Field, string Column, bool Phone)> checkedFields) =>
        (_erased, _checked) = (erased, checkedFields);

    /// <summary>The screen of one validation: the tenant's erased subjects, and the fields of the mapping that may name one.</summary>
    public static async Task<ErasedSubjectScreen> ForAsync(
        ErasedSubjects subjects, string tenantId, string collection, ImportSettings settings, CancellationToken cancellationToken)
    {
        var erased = await subjects.ForTenantAsync(tenantId, cancellationToken);
        var schema = Collections.Find(collection)!;
        var fields = settings.Mapping
            .Select(pair => (Field: pair.Value, Column: pair.Key, Spec: schema.Find(pair.Value)))
            .Where(mapped => mapped.Spec is { Type: FieldType.Email } || TextFieldsWithAddresses.Contains(mapped.Field) || mapped.Field == "phone")
            .Select(mapped => (mapped.Field, mapped.Column, Phone: mapped.Field == "phone"))
            .ToList();
        return new ErasedSubjectScreen(erased, erased.IsEmpty ? [] : fields);
    }

    /// <summary>The row's error when a cleansed row names an erased subject; null otherwise.</summary>
    public ImportRowError? Check(long row, JsonElement document)
    {
        foreach (var (field, column, phone) in _checked)
        {
            if (!document.TryGetProperty(field, out var value) || value.ValueKind != JsonValueKind.String || value.GetString() is not { Length: > 0 } text)
            {
                continue;
            }
            if (phone ? PhoneForms(text).Any(_erased.IsErasedPhone) : _erased.IsErasedEmail(text))
            {
                return new ImportRowError(row, column, Code,
                    $"The {(phone ? "phone number" : "e-mail address")} in '{column}' belongs to a data subject whose data was erased on request; " +
                    "the row is not imported. Remove it from the file, or ask your data protection officer.");
            }
        }
        return null;
    }

    /// <summary>The cleansed number (E.164) and its national form, the two ways a request usually gives a phone number.</summary>
    private static IEnumerable<string> PhoneForms(string e164)
    {
        yield return e164;
        string? national = null;
        try
        {
            national = Phones.Format(Phones.Parse(e164, "ZZ"), PhoneNumberFormat.NATIONAL);
        }
        catch (NumberParseException)
        {
        }
        if (national is not null)
        {
            yield return national;
        }
    }
}
