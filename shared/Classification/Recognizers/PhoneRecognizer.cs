using PhoneNumbers;

namespace DataGovernance.Classification.Recognizers;

/// <summary>
/// Telephone numbers as libphonenumber finds and validates them: international ones (+country code) anywhere, and
/// national ones of <see cref="NationalRegions"/> with a low confidence that only a context word lifts into a finding.
/// </summary>
public sealed class PhoneRecognizer : Recognizer
{
    public static readonly IReadOnlyList<string> NationalRegions = ["US", "GB", "DE", "FR"];

    // libphonenumber gives up after this many candidates; a long text has more than its examples assume.
    private const long MaxTries = long.MaxValue;

    // libphonenumber finds no valid number with fewer digits, national in these regions or international (a test tries
    // them all); the check spares its five passes over the many values that hold no number at all.
    public const int MinimumDigits = 4;

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    public override string Entity => EntityTypes.Phone;

    public override PiiCategory Category => PiiCategory.ContactDetails;

    public override IReadOnlyList<string> ContextWords => ["phone", "tel", "telephone", "mobile", "cell", "call", "telefon", "téléphone", "fax"];

    public override IEnumerable<Candidate> Find(string text)
    {
        if (text.Count(char.IsAsciiDigit) < MinimumDigits)
        {
            return [];
        }
        var found = new Dictionary<int, Candidate>();
        // Without a region to assume, libphonenumber only takes numbers written with their plus sign.
        if (text.AsSpan().IndexOfAny('+', '＋') >= 0)
        {
            foreach (var match in Numbers.FindNumbers(text, "ZZ", PhoneNumberUtil.Leniency.VALID, MaxTries))
            {
                found[match.Start] = new Candidate(match.Start, match.Length, 0.75, ValidatorOutcome.NotApplicable);
            }
        }
        foreach (var region in NationalRegions)
        {
            foreach (var match in Numbers.FindNumbers(text, region, PhoneNumberUtil.Leniency.VALID, MaxTries))
            {
                found.TryAdd(match.Start, new Candidate(match.Start, match.Length, 0.4, ValidatorOutcome.NotApplicable));
            }
        }
        return found.Values;
    }
}
