using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>NHS numbers: ten digits (often 3-3-4), the last a mod 11 check over weights 10…2; a check of 10 is never issued.</summary>
public sealed partial class UkNhsNumberRecognizer : PatternRecognizer
{
    public override string Entity => EntityTypes.UkNhsNumber;

    public override PiiCategory Category => PiiCategory.GovernmentIdentifier;

    public override IReadOnlyList<string> ContextWords => ["nhs", "patient", "health", "chi"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.55;

    protected override bool? Check(string value)
    {
        var digits = Digits(value);
        var sum = 0;
        for (var i = 0; i < 9; i++)
        {
            sum += (digits[i] - '0') * (10 - i);
        }
        var check = 11 - sum % 11;
        return check != 10 && (check == 11 ? 0 : check) == digits[9] - '0' && digits.Distinct().Count() > 1;
    }

    [GeneratedRegex(@"(?<![\w-]|\d[ -])(?:\d{3}([ -]?)\d{3}\1\d{4})(?![\w-]|[ -]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
