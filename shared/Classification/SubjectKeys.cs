using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DataGovernance.Classification.Recognizers;
using Microsoft.Extensions.Options;
using PhoneNumbers;

namespace DataGovernance.Classification;

/// <summary>What kind of identifier a subject key stands for; national ids of every country share one kind.</summary>
public enum SubjectIdentifierKind
{
    Email,
    Phone,
    NationalId,
    NameToken,
}

/// <summary>
/// Pseudonymous keys of a person's identifiers: an HMAC-SHA256 under a key derived per tenant from
/// <see cref="ClassificationOptions.SubjectIndexKey"/>, over the identifier in a normal form, so that the same person
/// has the same key on every record of a tenant and an unrelated one in any other tenant. The value itself is never kept.
/// </summary>
public sealed class SubjectKeys(IOptions<ClassificationOptions> options)
{
    /// <summary>The entity types whose values identify a person and are indexed.</summary>
    public static IReadOnlySet<string> IdentifyingEntities { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        EntityTypes.Email, EntityTypes.Phone, EntityTypes.UsSsn, EntityTypes.UkNino, EntityTypes.UkNhsNumber, EntityTypes.DeTaxId,
        EntityTypes.EsNif, EntityTypes.ItCodiceFiscale, EntityTypes.FrNir, EntityTypes.NlBsn, EntityTypes.PlPesel, EntityTypes.SePersonnummer,
        EntityTypes.PersonName,
    };

    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    private readonly byte[] _master = options.Value.SubjectIndexKeyBytes()
        ?? throw new InvalidOperationException(ClassificationOptions.Requirement);

    /// <summary>The key of <paramref name="normalized"/> (already in normal form) in the tenant: 32 lower-case hex digits.</summary>
    public string For(string tenantId, SubjectIdentifierKind kind, string normalized)
    {
        var digest = HMACSHA256.HashData(TenantKey(tenantId), Encoding.UTF8.GetBytes($"{kind}\n{normalized}"));
        return Convert.ToHexStringLower(digest)[..32];
    }

    /// <summary>
    /// Names the tenant's key without revealing it (16 hex digits): index rows written under another fingerprint were keyed
    /// with a key no longer in use, so their record is classified again.
    /// </summary>
    public string Fingerprint(string tenantId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(TenantKey(tenantId), "subject-index-key-fingerprint"u8))[..16];

    private byte[] TenantKey(string tenantId) => HMACSHA256.HashData(_master, Encoding.UTF8.GetBytes($"subject-index\n{tenantId}"));

    /// <summary>The identifier kind of an entity type, or null when it is not indexed.</summary>
    public static SubjectIdentifierKind? KindOf(string entity) => entity switch
    {
        EntityTypes.Email => SubjectIdentifierKind.Email,
        EntityTypes.Phone => SubjectIdentifierKind.Phone,
        EntityTypes.PersonName => SubjectIdentifierKind.NameToken,
        _ when IdentifyingEntities.Contains(entity) => SubjectIdentifierKind.NationalId,
        _ => null,
    };

    /// <summary>An e-mail address trimmed and lower-cased.</summary>
    public static string NormalizeEmail(string email) => email.Trim().ToLowerInvariant();

    /// <summary>
    /// A telephone number in E.164, read as the phone recognizer reads numbers: international with its country code, or
    /// national in the first of <see cref="PhoneRecognizer.NationalRegions"/> where it is valid. Null when it is no valid number.
    /// </summary>
    public static string? NormalizePhone(string phone)
    {
        var trimmed = phone.Trim();
        IReadOnlyList<string> regions = trimmed.StartsWith('+') ? ["ZZ"] : PhoneRecognizer.NationalRegions;
        foreach (var region in regions)
        {
            try
            {
                var number = Numbers.Parse(trimmed, region);
                if (Numbers.IsValidNumber(number))
                {
                    return Numbers.Format(number, PhoneNumberFormat.E164);
                }
            }
            catch (NumberParseException)
            {
                // not a number in this region; try the next
            }
        }
        return null;
    }

    /// <summary>A national identifier with spaces, dashes, dots and slashes removed, upper-cased.</summary>
    public static string NormalizeNationalId(string id) => string.Concat(id.Where(char.IsLetterOrDigit)).ToUpperInvariant();

    /// <summary>A name's tokens: accents removed, lower-cased, split at anything that is not a letter or digit, each once.</summary>
    public static IReadOnlyList<string> NameTokens(string name)
    {
        var decomposed = name.Normalize(NormalizationForm.FormD);
        var folded = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }
            folded.Append(char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : ' ');
        }
        return [.. folded.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.Ordinal)];
    }

    /// <summary>
    /// The normal forms under which a found value is indexed: one for an e-mail, phone or id (none when a phone number
    /// does not parse), one per token for a name.
    /// </summary>
    public static IReadOnlyList<string> NormalFormsOf(SubjectIdentifierKind kind, string value) => kind switch
    {
        SubjectIdentifierKind.Email => [NormalizeEmail(value)],
        SubjectIdentifierKind.Phone => NormalizePhone(value) is { } e164 ? [e164] : [],
        SubjectIdentifierKind.NationalId => NormalizeNationalId(value) is { Length: > 0 } id ? [id] : [],
        _ => NameTokens(value),
    };
}
