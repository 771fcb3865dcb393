using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>
/// Italian codici fiscali: surname and name letters, birth year, month letter, day (plus 40 for women), municipality,
/// and a check letter over the odd and even positions. Digits may be replaced by LMNPQRSTUV (omocodia).
/// </summary>
public sealed partial class ItCodiceFiscaleRecognizer : PatternRecognizer
{
    private static readonly int[] OddDigits = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21];

    private static readonly int[] OddLetters = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23];

    public override string Entity => EntityTypes.ItCodiceFiscale;

    public override PiiCategory Category => PiiCategory.GovernmentIdentifier;

    public override IReadOnlyList<string> ContextWords => ["codice fiscale", "fiscale", "cf", "tax code"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.85;

    protected override bool? Check(string value)
    {
        var code = value.ToUpperInvariant();
        var sum = 0;
        for (var i = 0; i < 15; i++)
        {
            var c = code[i];
            sum += i % 2 == 0
                ? char.IsAsciiDigit(c) ? OddDigits[c - '0'] : OddLetters[c - 'A']
                : char.IsAsciiDigit(c) ? c - '0' : c - 'A';
        }
        return (char)('A' + sum % 26) == code[15];
    }

    [GeneratedRegex(@"(?<![\w-])[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z](?![\w-])", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Shape();
}
