using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>
/// UK National Insurance numbers: two prefix letters, six digits, a suffix A–D. D, F, I, Q, U and V never appear in
/// the prefix, O never second, and BG, GB, KN, NK, NT, TN and ZZ are not allocated.
/// </summary>
public sealed partial class UkNinoRecognizer : PatternRecognizer
{
    private static readonly string[] Unallocated = ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"];

    public override string Entity => EntityTypes.UkNino;

    public override PiiCategory Category => PiiCategory.GovernmentIdentifier;

    public override IReadOnlyList<string> ContextWords => ["national insurance", "nino", "ni number", "ni no"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.7;

    protected override bool? Check(string value)
    {
        var compact = string.Concat(value.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();
        var (first, second) = (compact[0], compact[1]);
        return !"DFIQUV".Contains(first) && !"DFIQUVO".Contains(second) && !Unallocated.Contains(compact[..2]);
    }

    [GeneratedRegex(@"(?<![\w-])[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d](?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
