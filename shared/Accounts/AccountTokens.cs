using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataGovernance.Accounts;

/// <summary>
/// The tokens of hub accounts. Access tokens are short-lived HS256 JWTs naming the user, tenant and session; the
/// session is checked on every request, so revoking it ends access at once. A sign-in challenge is a JWT for a
/// different audience, good only for the MFA step. Refresh tokens are opaque: <c>tenant.user.session.secret</c>,
/// of which only a hash of the secret is stored.
/// </summary>
public sealed class AccountTokens(IOptions<AccountOptions> options)
{
    public const string Issuer = "urn:datagovernance:hub-accounts";
    public const string Audience = "urn:datagovernance:hub";
    public const string ChallengeAudience = "urn:datagovernance:hub-accounts:mfa-challenge";
    public const string SessionClaim = "sid";
    public const string TenantClaim = "hub_tenant";

    public (string Token, DateTimeOffset ExpiresAt) CreateAccessToken(Session session, DateTimeOffset now)
    {
        var expiresAt = now + options.Value.AccessTokenLifetime;
        return (Create(Audience, session.TenantId, session.UserId, now, expiresAt, new Claim(SessionClaim, session.Id)), expiresAt);
    }

    public TimeSpan ChallengeLifetime => options.Value.SignInChallengeLifetime;

    public string CreateChallenge(string tenantId, string userId, DateTimeOffset now) =>
        Create(ChallengeAudience, tenantId, userId, now, now + options.Value.SignInChallengeLifetime);

    /// <summary>The tenant and user a sign-in challenge was issued for; null when it is not a valid, unexpired challenge.</summary>
    public async Task<(string TenantId, string UserId)?> ReadChallengeAsync(string? token, DateTimeOffset now)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }
        var parameters = ValidationParameters(options.Value, ChallengeAudience);
        parameters.LifetimeValidator = (notBefore, expires, _, _) => notBefore <= now.UtcDateTime.AddSeconds(30) && expires > now.UtcDateTime;
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, parameters);
        if (!result.IsValid || !result.Claims.TryGetValue(TenantClaim, out var tenant) || tenant is not string tenantId
            || !result.Claims.TryGetValue(JwtRegisteredClaimNames.Sub, out var subject) || subject is not string userId)
        {
            return null;
        }
        return (tenantId, userId);
    }

    /// <summary>How the hub's bearer handler validates access tokens of hub accounts.</summary>
    public static TokenValidationParameters ValidationParameters(AccountOptions options, string audience = Audience) => new()
    {
        ValidIssuer = Issuer,
        ValidAudience = audience,
        IssuerSigningKey = options.SigningKeyBytes() is { } key ? new SymmetricSecurityKey(key) : null,
        RequireSignedTokens = true,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = TimeSpan.FromSeconds(30),
    };

    public static (string Token, string SecretHash) CreateRefreshToken(Session session)
    {
        var secret = NewSecret();
        return ($"{session.TenantId}.{session.UserId}.{session.Id}.{secret}", HashSecret(secret));
    }

    public static (string TenantId, string UserId, string SessionId, string SecretHash)? ReadRefreshToken(string? token)
    {
        var parts = token?.Split('.');
        return parts is { Length: 4 } && parts.All(part => part.Length is > 0 and <= 128) ? (parts[0], parts[1], parts[2], HashSecret(parts[3])) : null;
    }

    /// <summary>256 random bits, URL-safe.</summary>
    public static string NewSecret() => Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32));

    /// <summary>SHA-256 is enough for secrets of 256 random bits: there is nothing to guess that a slow hash would protect.</summary>
    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    private string Create(string audience, string tenantId, string userId, DateTimeOffset now, DateTimeOffset expiresAt, params Claim[] extra)
    {
        var key = options.Value.SigningKeyBytes() ?? throw new InvalidOperationException($"{AccountOptions.SectionName}:TokenSigningKey is not set.");
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, userId), new(TenantClaim, tenantId) };
        claims.AddRange(extra);
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expiresAt.UtcDateTime,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
    }
}
