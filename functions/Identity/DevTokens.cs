using System.Security.Claims;
using DataGovernance.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataGovernance.Functions.Identity;

/// <summary>Issues and describes development tokens: HS256 JWTs signed with the configured development key.</summary>
public static class DevTokens
{
    public const string Issuer = "urn:datagovernance:dev-auth";
    public const string Audience = "urn:datagovernance:hub";
    public const int MinimumKeyBytes = 32;

    /// <param name="mfa">Whether the token says the sign-in used a second factor (<c>amr</c>), as an Entra token can.</param>
    public static string Create(
        DevAuthOptions options, string userId, string? tenantId, IEnumerable<Role> roles, DateTimeOffset now, TimeSpan lifetime, bool mfa = true)
    {
        var claims = new List<Claim> { new(HubClaims.Subject, userId) };
        if (tenantId is not null)
        {
            claims.Add(new Claim(HubClaims.Tenant, tenantId));
        }
        claims.AddRange(roles.Select(role => new Claim(HubClaims.Roles, role.ToString())));
        claims.Add(new Claim(HubClaims.AuthenticationMethods, "pwd"));
        if (mfa)
        {
            claims.Add(new Claim(HubClaims.AuthenticationMethods, "mfa"));
        }
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = (now + lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(options), SecurityAlgorithms.HmacSha256),
        });
    }

    public static SymmetricSecurityKey SigningKey(DevAuthOptions options)
    {
        var bytes = TryDecodeKey(options.SigningKey)
            ?? throw new InvalidOperationException($"{DevAuthOptions.SectionName}:SigningKey must be base64 of at least {MinimumKeyBytes} bytes.");
        return new SymmetricSecurityKey(bytes);
    }

    public static byte[]? TryDecodeKey(string? base64) => KeySettings.Decode(base64, MinimumKeyBytes);
}
