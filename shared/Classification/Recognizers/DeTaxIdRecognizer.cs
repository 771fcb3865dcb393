using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>
/// German tax identification numbers (Steuer-IdNr): eleven digits, no leading zero; among the first ten exactly one
/// digit repeats (twice, or three times but not three in a row); the last is an ISO 7064 MOD 11,10 check digit.
/// </summary>
public sealed partial class DeTaxIdRecognizer : PatternRecognizer
{
    public override string Entity => EntityTypes.DeTaxId;

    public override PiiCategory Category => PiiCategory.GovernmentIdentifier;

    public override IReadOnlyList<string> ContextWords => ["steuer", "steuer-id", "steuerid", "idnr", "identifikationsnummer", "tax id", "tin"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.55;

    protected override bool? Check(string value)
    {
        var digits = Digits(value);
        return digits[0] != '0' && HasOneRepeatedDigit(digits[..10]) && CheckDigit(digits) == digits[10] - '0';
    }

    private static bool HasOneRepeatedDigit(string first10)
    {
        var counts = first10.GroupBy(c => c).Select(group => (Digit: group.Key, Count: group.Count())).ToList();
        var repeated = counts.Where(entry => entry.Count > 1).ToList();
        return repeated is [{ Count: 2 or 3 } only] && !(only.Count == 3 && first10.Contains(new string(only.Digit, 3), StringComparison.Ordinal));
    }

    private static int CheckDigit(string digits)
    {
        var product = 10;
        for (var i = 0; i < 10; i++)
        {
            var sum = (digits[i] - '0' + product) % 10;
            product = (sum == 0 ? 10 : sum) * 2 % 11;
        }
        var check = 11 - product;
        return check == 10 ? 0 : check;
    }

    [GeneratedRegex(@"(?<![\w-])\d{2} ?\d{3} ?\d{3} ?\d{3}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
