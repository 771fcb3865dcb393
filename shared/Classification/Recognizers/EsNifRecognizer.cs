using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>Spanish NIF (DNI, eight digits) and NIE (X, Y or Z and seven digits), each with its mod 23 control letter.</summary>
public sealed partial class EsNifRecognizer : PatternRecognizer
{
    private const string Letters = "TRWAGMYFPDXBNJZSQVHLCKE";

    public override string Entity => EntityTypes.EsNif;

    public override PiiCategory Category => PiiCategory.GovernmentIdentifier;

    public override IReadOnlyList<string> ContextWords => ["nif", "nie", "dni", "documento", "identidad"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.75;

    protected override bool? Check(string value)
    {
        var compact = string.Concat(value.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant();
        var number = compact[0] switch
        {
            'X' => "0" + compact[1..^1],
            'Y' => "1" + compact[1..^1],
            'Z' => "2" + compact[1..^1],
            _ => compact[..^1],
        };
        return Letters[int.Parse(number, provider: null) % 23] == compact[^1];
    }

    [GeneratedRegex(@"(?<![\w-])(?:\d{8}|[XYZxyz]-?\d{7})-?[A-Za-z](?![\w-])", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
