using System.Security.Cryptography;
using System.Text;
using PhoneNumbers;

namespace DataGovernance.Privacy;

/// <summary>
/// Tenant-keyed pseudonyms of a data subject's identifiers, so that holds can be matched without keeping the values.
/// E-mail addresses use the consent ledger's key (<see cref="ConsentLedgerService.EmailSubjectKey"/>); telephone
/// numbers and national ids the same scheme on their normalised form. Two spellings of one identifier
/// (<c>+49 30 123456</c> and <c>+4930123456</c>; <c>123-45-6789</c> and <c>123456789</c>) have one key.
/// </summary>
public static class HoldSubjectKeys
{
    public const string Email = "email";
    public const string Phone = "phone";
    public const string NationalId = "nationalId";

    public static SubjectKey ForEmail(string tenantId, string email) => new(Email, ConsentLedgerService.EmailSubjectKey(tenantId, email));

    public static SubjectKey ForPhone(string tenantId, string phone) => new(Phone, Key("phone", tenantId, NormalisePhone(phone)));

    public static SubjectKey ForNationalId(string tenantId, string nationalId) => new(NationalId, Key("nationalid", tenantId, NormaliseNationalId(nationalId)));

    /// <summary>The keys of every identifier given (the name is not an identifier a hold can be placed on).</summary>
    public static IReadOnlyList<SubjectKey> Of(string tenantId, SubjectIdentifiers? subject)
    {
        if (subject is null)
        {
            return [];
        }
        var keys = new List<SubjectKey>();
        if (!string.IsNullOrWhiteSpace(subject.Email))
        {
            keys.Add(ForEmail(tenantId, subject.Email));
        }
        if (!string.IsNullOrWhiteSpace(subject.Phone) && NormalisePhone(subject.Phone).Length > 0)
        {
            keys.Add(ForPhone(tenantId, subject.Phone));
        }
        foreach (var id in subject.NationalIds ?? [])
        {
            if (!string.IsNullOrWhiteSpace(id) && NormaliseNationalId(id).Length > 0)
            {
                keys.Add(ForNationalId(tenantId, id));
            }
        }
        return keys;
    }

    /// <summary>E.164 when the number is international (<c>+</c> or <c>00</c>) and valid; otherwise its digits.</summary>
    public static string NormalisePhone(string phone)
    {
        var trimmed = phone.Trim();
        if (trimmed.StartsWith("00", StringComparison.Ordinal))
        {
            trimmed = "+" + trimmed[2..];
        }
        if (trimmed.StartsWith('+'))
        {
            try
            {
                var util = PhoneNumberUtil.GetInstance();
                return util.Format(util.Parse(trimmed, null), PhoneNumberFormat.E164);
            }
            catch (NumberParseException)
            {
                // Not a number libphonenumber knows: fall back to its digits.
            }
        }
        return new string([.. trimmed.Where(char.IsAsciiDigit)]);
    }

    /// <summary>Upper case, without spaces and the separators ids are commonly written with.</summary>
    public static string NormaliseNationalId(string nationalId) =>
        new([.. nationalId.Where(c => !char.IsWhiteSpace(c) && c is not ('-' or '.' or '/')).Select(char.ToUpperInvariant)]);

    private static string Key(string prefix, string tenantId, string normalised) =>
        $"{prefix}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{tenantId}\n{normalised}")))[..40]}";
}
