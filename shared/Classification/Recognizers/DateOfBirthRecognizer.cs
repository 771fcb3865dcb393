using System.Globalization;
using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>
/// Dates that are dates of birth: a real calendar date in a plausible year, found with a low confidence that only a
/// context word ("born", "DOB", "geboren", a birthDate field…) lifts into a finding.
/// </summary>
public sealed partial class DateOfBirthRecognizer : PatternRecognizer
{
    private static readonly string[] Formats =
    [
        "yyyy-MM-dd", "dd.MM.yyyy", "d.M.yyyy", "dd/MM/yyyy", "d/M/yyyy", "MM/dd/yyyy", "M/d/yyyy", "dd-MM-yyyy",
        "d MMMM yyyy", "d MMM yyyy", "MMMM d, yyyy", "MMM d, yyyy", "MMMM d yyyy",
    ];

    public override string Entity => EntityTypes.DateOfBirth;

    public override PiiCategory Category => PiiCategory.DateOfBirth;

    public override IReadOnlyList<string> ContextWords =>
        ["born", "dob", "d.o.b", "date of birth", "birth date", "birthdate", "birthday", "geboren", "geburtsdatum", "fecha de nacimiento",
            "né le", "née le", "date de naissance", "data di nascita", "urodzony", "födelsedatum"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.3;

    protected override bool? Check(string value)
    {
        var parsed = DateOnly.TryParseExact(value, Formats, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var date);
        return parsed && date.Year is >= 1900 and <= 2100 ? null : false;
    }

    [GeneratedRegex(@"(?<![\w-])(?:\d{4}-\d{2}-\d{2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}|\d{1,2} [A-Z][a-z]{2,8} \d{4}|[A-Z][a-z]{2,8} \d{1,2},? \d{4})(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
