using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>
/// US social security numbers written AAA-GG-SSSS (or with spaces). The SSA never issues area 000, 666 or 900–999,
/// group 00 or serial 0000, and two numbers circulated in advertising are void.
/// </summary>
public sealed partial class UsSsnRecognizer : PatternRecognizer
{
    private static readonly string[] Void = ["078051120", "219099999", "123456789"];

    public override string Entity => EntityTypes.UsSsn;

    public override PiiCategory Category => PiiCategory.GovernmentIdentifier;

    public override IReadOnlyList<string> ContextWords => ["ssn", "social security", "social sec", "taxpayer"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.65;

    protected override bool? Check(string value)
    {
        var digits = Digits(value);
        var area = int.Parse(digits.AsSpan(0, 3), provider: null);
        return area is not (0 or 666 or >= 900) && digits[3..5] != "00" && digits[5..] != "0000" && !Void.Contains(digits);
    }

    [GeneratedRegex(@"(?<![\w-])\d{3}([- ])\d{2}\1\d{4}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
