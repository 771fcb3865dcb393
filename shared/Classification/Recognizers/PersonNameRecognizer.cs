using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>
/// People's names, only where a record says it holds one: a field named like name, firstName, owner or contact whose
/// whole value is name-shaped (one to four capitalised words, no digits). Free text is left alone: a name cannot be
/// told from any other capitalised word there.
/// </summary>
public sealed partial class PersonNameRecognizer : Recognizer
{
    private static readonly string[] PersonFields =
    [
        "name", "firstname", "lastname", "fullname", "givenname", "familyname", "surname", "middlename", "displayname", "contact",
        "contactname", "owner", "assignee", "assessor", "approver", "reviewer", "employee", "author", "manager", "person",
    ];

    public override string Entity => EntityTypes.PersonName;

    public override PiiCategory Category => PiiCategory.Name;

    public override bool AppliesTo(string? fieldName) =>
        fieldName is not null && PersonFields.Contains(fieldName.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal),
            StringComparer.OrdinalIgnoreCase);

    public override IEnumerable<Candidate> Find(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.Length is > 0 and <= 100 && NameShape().IsMatch(trimmed))
        {
            yield return new Candidate(text.IndexOf(trimmed, StringComparison.Ordinal), trimmed.Length, 0.7, ValidatorOutcome.NotApplicable);
        }
    }

    [GeneratedRegex(@"^\p{Lu}[\p{L}'’.-]*(?: (?:\p{Lu}[\p{L}'’.-]*|van|von|de|der|den|da|di|del|la|le|bin|al)){0,4}$", RegexOptions.CultureInvariant)]
    private static partial Regex NameShape();
}
