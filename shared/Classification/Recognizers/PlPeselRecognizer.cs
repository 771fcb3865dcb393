using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>
/// Polish PESEL numbers: a birth date (the month carries the century: +80 for the 1800s, +20, +40, +60 after 1999),
/// a serial, and a check digit over the weights 1, 3, 7, 9.
/// </summary>
public sealed partial class PlPeselRecognizer : PatternRecognizer
{
    private static readonly int[] Weights = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3];

    public override string Entity => EntityTypes.PlPesel;

    public override PiiCategory Category => PiiCategory.GovernmentIdentifier;

    public override IReadOnlyList<string> ContextWords => ["pesel"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.6;

    protected override bool? Check(string value)
    {
        var sum = 0;
        for (var i = 0; i < 10; i++)
        {
            sum += (value[i] - '0') * Weights[i];
        }
        return (10 - sum % 10) % 10 == value[10] - '0' && HasValidDate(value);
    }

    private static bool HasValidDate(string value)
    {
        var year = int.Parse(value.AsSpan(0, 2), provider: null);
        var month = int.Parse(value.AsSpan(2, 2), provider: null);
        var day = int.Parse(value.AsSpan(4, 2), provider: null);
        var century = (month / 20) switch { 4 => 1800, 0 => 1900, 1 => 2000, 2 => 2100, _ => 2200 };
        month %= 20;
        return month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(century + year, month);
    }

    [GeneratedRegex(@"(?<![\w-])\d{11}(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
