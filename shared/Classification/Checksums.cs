using System.Numerics;

namespace DataGovernance.Classification;

/// <summary>The check-digit schemes several identifiers share.</summary>
public static class Checksums
{
    /// <summary>Luhn (mod 10) over ASCII digits, the last being the check digit.</summary>
    public static bool Luhn(string digits)
    {
        if (digits.Length < 2 || !digits.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var i = 0; i < digits.Length; i++)
        {
            var digit = digits[digits.Length - 1 - i] - '0';
            if (i % 2 == 1)
            {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return sum % 10 == 0;
    }

    /// <summary>
    /// ISO 7064 MOD 97-10 as IBANs use it: the first four characters moved to the end, letters as 10–35, the number
    /// must leave 1. Accepts upper-case letters and digits only.
    /// </summary>
    public static bool Mod97(string value)
    {
        if (value.Length < 5 || !value.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c)))
        {
            return false;
        }
        var rearranged = value[4..] + value[..4];
        var remainder = 0;
        foreach (var c in rearranged)
        {
            var number = char.IsAsciiDigit(c) ? c - '0' : c - 'A' + 10;
            remainder = number >= 10 ? (remainder * 100 + number) % 97 : (remainder * 10 + number) % 97;
        }
        return remainder == 1;
    }

    /// <summary>The remainder of a long decimal number divided by <paramref name="divisor"/>.</summary>
    public static int Remainder(string digits, int divisor) => (int)(BigInteger.Parse(digits, System.Globalization.CultureInfo.InvariantCulture) % divisor);
}
