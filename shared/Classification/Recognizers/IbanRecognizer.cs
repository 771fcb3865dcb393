using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>International bank account numbers: the length the country uses and the ISO 7064 mod 97 check.</summary>
public sealed partial class IbanRecognizer : PatternRecognizer
{
    private static readonly FrozenDictionary<string, int> Lengths = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22, ["BR"] = 29,
        ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29,
        ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27, ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28,
        ["HR"] = 21, ["HU"] = 28, ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20,
        ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22, ["MK"] = 19,
        ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NL"] = 18, ["NO"] = 15, ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29,
        ["RO"] = 24, ["RS"] = 22, ["SA"] = 24, ["SC"] = 31, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["ST"] = 25, ["SV"] = 28,
        ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public override string Entity => EntityTypes.Iban;

    public override PiiCategory Category => PiiCategory.FinancialAccount;

    public override IReadOnlyList<string> ContextWords => ["iban", "account", "bank", "konto", "cuenta", "rekening", "compte"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.9;

    protected override bool? Check(string value)
    {
        var compact = string.Concat(value.Where(c => c != ' ')).ToUpperInvariant();
        return Lengths.TryGetValue(compact[..2], out var length) && compact.Length == length && Checksums.Mod97(compact);
    }

    /// <summary>
    /// Country code, two check digits, then 11–30 capital letters or digits, either run together or in groups of four
    /// separated by single spaces (a shorter last group all digits), so that a following word is not taken for a group.
    /// </summary>
    [GeneratedRegex(@"(?<![\w-])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?: [A-Z0-9]{4}){2,7}(?: \d{1,3})?)(?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
