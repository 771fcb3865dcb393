using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace DataGovernance.Privacy;

/// <summary>
/// A data subject's pseudonym: <c>erased-</c> and 20 hex digits of HMAC-SHA256 under <see cref="ErasureOptions.PseudonymKey"/>
/// of the tenant id and the subject's strongest identifier (e-mail, else phone digits, else name), normalised. So one
/// person always gets the same pseudonym in a tenant, across requests, and a different one in every other tenant;
/// without the key it cannot be traced back.
/// </summary>
public sealed class Pseudonyms(IOptions<ErasureOptions> options)
{
    public const string Prefix = "erased-";

    public const string EmailDomain = "erased.invalid";

    public string For(string tenantId, SubjectIdentifiers subject)
    {
        var key = options.Value.PseudonymKeyBytes() ?? throw new InvalidOperationException(ErasureOptions.Requirement);
        var identity = subject switch
        {
            { Email: { Length: > 0 } email } => $"email:{email.Trim().ToLowerInvariant()}",
            { Phone: { Length: > 0 } phone } => $"phone:{new string([.. phone.Where(char.IsAsciiDigit)])}",
            _ => $"name:{string.Join(' ', (subject.Name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant()}",
        };
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{tenantId}\n{identity}"));
        return Prefix + Convert.ToHexStringLower(mac)[..20];
    }

    public static string AsEmail(string pseudonym) => $"{pseudonym}@{EmailDomain}";
}
