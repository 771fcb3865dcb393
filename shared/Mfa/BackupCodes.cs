using System.Security.Cryptography;
using System.Text;

namespace DataGovernance.Mfa;

/// <summary>
/// Backup codes: 10 characters of Crockford's base32 (50 random bits), shown as two groups of five
/// (<c>7KQ2M-XD94T</c>). Input ignores case, spaces and hyphens and reads I and L as 1 and O as 0.
/// </summary>
public static class BackupCodes
{
    public const int SetSize = 10;
    public const int Length = 10;

    private const string Alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

    public static IReadOnlyList<string> Generate() =>
        [.. Enumerable.Range(0, SetSize).Select(_ => Display(RandomNumberGenerator.GetString(Alphabet, Length)))];

    /// <summary>The code as stored and compared (ten upper-case alphabet characters), or null when it cannot be a backup code.</summary>
    public static string? Normalise(string? input)
    {
        var code = new StringBuilder(Length);
        foreach (var character in input ?? "")
        {
            if (character is ' ' or '-' or '\t')
            {
                continue;
            }
            var upper = char.ToUpperInvariant(character) switch
            {
                'I' or 'L' => '1',
                'O' => '0',
                var other => other,
            };
            if (!Alphabet.Contains(upper, StringComparison.Ordinal) || code.Length == Length)
            {
                return null;
            }
            code.Append(upper);
        }
        return code.Length == Length ? code.ToString() : null;
    }

    /// <summary>
    /// SHA-256 of the salt and the normalised code. A fast hash suffices here, unlike for passwords: a code has 50
    /// random bits, so even a stolen table leaves ~10^15 guesses per code, and the salt keeps equal codes of two
    /// people (or a precomputed table) from showing.
    /// </summary>
    public static string Hash(byte[] salt, string normalisedCode) =>
        Convert.ToHexStringLower(SHA256.HashData([.. salt, .. Encoding.ASCII.GetBytes(normalisedCode)]));

    private static string Display(string code) => $"{code[..5]}-{code[5..]}";
}
