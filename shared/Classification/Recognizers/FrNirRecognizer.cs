using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>
/// French social security numbers (NIR): sex, birth year and month, département (2A/2B for Corsica), commune, order
/// number, then a key of 97 minus the 13-digit number mod 97 (Corsica counts 2A as 19 and 2B as 18).
/// </summary>
public sealed partial class FrNirRecognizer : PatternRecognizer
{
    public override string Entity => EntityTypes.FrNir;

    public override PiiCategory Category => PiiCategory.GovernmentIdentifier;

    public override IReadOnlyList<string> ContextWords => ["sécurité sociale", "securite sociale", "nir", "insee", "numéro de sécu", "social security"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.75;

    protected override bool? Check(string value)
    {
        var compact = string.Concat(value.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();
        var number = compact[..13].Replace("2A", "19", StringComparison.Ordinal).Replace("2B", "18", StringComparison.Ordinal);
        if (!number.All(char.IsAsciiDigit))
        {
            return false;
        }
        var month = int.Parse(number.AsSpan(3, 2), provider: null);
        var key = int.Parse(compact.AsSpan(13, 2), provider: null);
        return month is (>= 1 and <= 12) or 20 or (>= 30 and <= 42) or (>= 50 and <= 99)
            && 97 - Checksums.Remainder(number, 97) == key;
    }

    [GeneratedRegex(@"(?<![\w-])[1-478] ?\d{2} ?\d{2} ?(?:\d{2}|2[ABab]) ?\d{3} ?\d{3} ?\d{2}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
