using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>Dutch citizen service numbers (BSN): nine digits passing the eleven test (weights 9…2, the last −1).</summary>
public sealed partial class NlBsnRecognizer : PatternRecognizer
{
    public override string Entity => EntityTypes.NlBsn;

    public override PiiCategory Category => PiiCategory.GovernmentIdentifier;

    public override IReadOnlyList<string> ContextWords => ["bsn", "burgerservicenummer", "sofinummer", "citizen service"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.5;

    protected override bool? Check(string value)
    {
        var digits = Digits(value);
        var sum = -(digits[8] - '0');
        for (var i = 0; i < 8; i++)
        {
            sum += (digits[i] - '0') * (9 - i);
        }
        return sum % 11 == 0 && sum > 0;
    }

    [GeneratedRegex(@"(?<![\w-])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3} \d{3} \d{3})(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
