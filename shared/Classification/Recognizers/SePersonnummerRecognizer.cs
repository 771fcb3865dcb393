using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>
/// Swedish personal identity numbers: (CC)YYMMDD, '-' or '+' (over 100), four digits, the last a Luhn digit over the
/// ten digits without the century. Samordningsnummer add 60 to the day.
/// </summary>
public sealed partial class SePersonnummerRecognizer : PatternRecognizer
{
    public override string Entity => EntityTypes.SePersonnummer;

    public override PiiCategory Category => PiiCategory.GovernmentIdentifier;

    public override IReadOnlyList<string> ContextWords => ["personnummer", "personnr", "samordningsnummer", "pnr"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.7;

    protected override bool? Check(string value)
    {
        var digits = Digits(value);
        var ten = digits.Length == 12 ? digits[2..] : digits;
        var month = int.Parse(ten.AsSpan(2, 2), provider: null);
        var day = int.Parse(ten.AsSpan(4, 2), provider: null) % 60;
        var year = digits.Length == 12 ? int.Parse(digits.AsSpan(0, 4), provider: null) : 2000 + int.Parse(ten.AsSpan(0, 2), provider: null);
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) && Checksums.Luhn(ten);
    }

    /// <summary>With a separator always; twelve digits also without one (ten bare digits are too common).</summary>
    [GeneratedRegex(@"(?<![\w-])(?:(?:19|20)?\d{6}[-+]\d{4}|(?:19|20)\d{10})(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
