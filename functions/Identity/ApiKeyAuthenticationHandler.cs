using System.Security.Claims;
using System.Text.Encodings.Web;
using DataGovernance.Settings;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace DataGovernance.Functions.Identity;

/// <summary>Authenticates <c>X-Api-Key</c> requests against the tenant's stored key hashes.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyService apiKeys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string HeaderName = "X-Api-Key";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var presented) || presented.Count != 1 || string.IsNullOrEmpty(presented[0]))
        {
            return AuthenticateResult.NoResult();
        }
        var result = await apiKeys.AuthenticateAsync(presented[0]!, Context.RequestAborted);
        if (!result.Succeeded)
        {
            return AuthenticateResult.Fail(result.Failure.Code);
        }
        var key = result.Value;
        var claims = new List<Claim>
        {
            new(HubClaims.ApiKeyId, key.Id),
            new(HubClaims.Tenant, key.TenantId),
        };
        claims.AddRange(key.Scopes.Select(scope => new Claim(HubClaims.Scope, scope)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, Scheme.Name));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
