using System.Globalization;
using System.Text;
using DataGovernance.Outcomes;

namespace DataGovernance.Accounts;

/// <summary>
/// NIST SP 800-63B memorized secrets: at least 12 characters, at most 128, no composition rules, and not a common
/// password — neither as typed nor once the digits and symbols people pad common words with are taken off the
/// ends ("Password2024!"), nor one short piece repeated, nor the account's own e-mail name.
/// </summary>
public static class PasswordPolicy
{
    public const int MinimumLength = 12;
    public const int MaximumLength = 128;

    public static FieldErrors Check(string? password, string field, string email)
    {
        var errors = new FieldErrors();
        if (string.IsNullOrEmpty(password))
        {
            return errors.Add(field, $"A password of at least {MinimumLength} characters is required.");
        }
        var normalized = password.Normalize(NormalizationForm.FormKC);
        var length = new StringInfo(normalized).LengthInTextElements;
        if (length < MinimumLength)
        {
            errors.Add(field, $"Use at least {MinimumLength} characters; a few unrelated words make a good one.");
        }
        else if (length > MaximumLength)
        {
            errors.Add(field, $"Use at most {MaximumLength} characters.");
        }
        else if (IsCommon(normalized) || IsRepetition(normalized) || ContainsEmailName(normalized, email))
        {
            errors.Add(field, "This password is too common or too easy to guess; choose another.");
        }
        return errors;
    }

    private static bool IsCommon(string password)
    {
        var core = password.Trim().TrimStart(NotALetter).TrimEnd(NotALetter);
        return CommonPasswords.Contains(password) || (core.Length >= 4 && CommonPasswords.Contains(core));
    }

    private static bool IsRepetition(string password)
    {
        for (var unit = 1; unit <= password.Length / 2; unit++)
        {
            if (password.Length % unit == 0 && password.AsSpan(0, password.Length - unit).SequenceEqual(password.AsSpan(unit)))
            {
                return true;
            }
        }
        return false;
    }

    private static bool ContainsEmailName(string password, string email)
    {
        var name = email.Split('@')[0];
        return name.Length >= 4 && password.Contains(name, StringComparison.OrdinalIgnoreCase);
    }

    private static readonly char[] NotALetter = [.. Enumerable.Range(32, 95).Select(code => (char)code).Where(c => !char.IsLetter(c))];
}
