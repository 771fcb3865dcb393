using System.Text.RegularExpressions;

namespace DataGovernance.Classification.Recognizers;

/// <summary>Payment card numbers: a known issuer range with a length that issuer uses, and a valid Luhn digit.</summary>
public sealed partial class CreditCardRecognizer : PatternRecognizer
{
    public override string Entity => EntityTypes.CreditCard;

    public override PiiCategory Category => PiiCategory.FinancialAccount;

    public override IReadOnlyList<string> ContextWords => ["card", "credit", "visa", "mastercard", "amex", "pan", "payment"];

    public override IReadOnlyList<string> ExclusionWords => ["ean", "gtin", "isbn", "barcode", "upc", "sku"];

    public override Regex Pattern => Shape();

    protected override double BaseConfidence => 0.8;

    protected override bool? Check(string value)
    {
        var digits = Digits(value);
        return IsKnownIssuer(digits) && Checksums.Luhn(digits);
    }

    private static bool IsKnownIssuer(string digits)
    {
        var length = digits.Length;
        int Prefix(int count) => int.Parse(digits.AsSpan(0, count), provider: null);
        return (digits[0] == '4' && length is 13 or 16 or 19)                                              // Visa
            || ((Prefix(2) is >= 51 and <= 55 || Prefix(4) is >= 2221 and <= 2720) && length == 16)         // Mastercard
            || (Prefix(2) is 34 or 37 && length == 15)                                                      // American Express
            || ((Prefix(4) == 6011 || Prefix(2) == 65 || Prefix(3) is >= 644 and <= 649) && length is 16 or 19) // Discover
            || (Prefix(4) is >= 3528 and <= 3589 && length is >= 16 and <= 19)                              // JCB
            || ((Prefix(3) is >= 300 and <= 305 || Prefix(2) is 36 or 38 or 39) && length is >= 14 and <= 19) // Diners Club
            || (Prefix(2) == 62 && length is >= 16 and <= 19);                                              // UnionPay
    }

    /// <summary>
    /// 13–19 digits run together, in groups of four (19 digits: 4-4-4-4-3), or 4-6-5 / 4-6-4 as Amex and Diners print
    /// them; never a piece of a longer run of digit groups (such as the middle of an IBAN).
    /// </summary>
    [GeneratedRegex(@"(?<![\w-]|\d[ -])(?:\d{13,19}|\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{4}([ -])\d{6}\2\d{4,5})(?![\w-]|[ -]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}
