using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>
/// Microsoft Entra ID cannot run here, so this is a local OpenID Connect issuer speaking its wire format: the
/// multi-tenant v2.0 discovery document (issuer templated with <c>{tenantid}</c>), a JWKS with an RSA key, and
/// access tokens with the claims Entra puts in v2.0 tokens, signed RS256.
/// </summary>
public sealed class FakeEntraIssuer : IAsyncDisposable
{
    public const string Audience = "api://datagovernance-hub-tests";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _signingKey;

    private FakeEntraIssuer(WebApplication app, RsaSecurityKey signingKey, string baseUrl)
    {
        _app = app;
        _signingKey = signingKey;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The multi-tenant authority, as <c>https://login.microsoftonline.com/organizations/v2.0</c> is in Azure.</summary>
    public string Authority => $"{BaseUrl}/organizations/v2.0";

    public static async Task<FakeEntraIssuer> StartAsync()
    {
        var port = FreePorts.Next();
        var baseUrl = $"http://127.0.0.1:{port}";
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(10)) };

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseUrl);
        var app = builder.Build();
        app.MapGet("/organizations/v2.0/.well-known/openid-configuration", () => Results.Text(Discovery(baseUrl).ToJsonString(), "application/json"));
        app.MapGet("/discovery/v2.0/keys", () => Results.Text(Jwks(key, baseUrl).ToJsonString(), "application/json"));
        await app.StartAsync();
        return new FakeEntraIssuer(app, key, baseUrl);
    }

    /// <summary>
    /// An access token as Entra issues it to a user (or, without <paramref name="name"/>, to an application), with the
    /// user's group object ids when <paramref name="groups"/> is given and <paramref name="userName"/> as preferred_username.
    /// </summary>
    public string CreateAccessToken(
        string directoryId,
        string objectId,
        IEnumerable<string>? roles = null,
        string audience = Audience,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? expires = null,
        string? issuerDirectoryId = null,
        string? name = "Test User",
        bool signedWithForeignKey = false,
        IEnumerable<string>? groups = null,
        string? userName = null,
        IEnumerable<string>? authenticationMethods = null)
    {
        var validFrom = notBefore ?? DateTimeOffset.UtcNow.AddMinutes(-1);
        var claims = new Dictionary<string, object>
        {
            ["aio"] = "AXQAi/8UAAAA",
            ["azp"] = "6e74172b-be56-4843-9ff4-e66a39bb12e3",
            ["azpacr"] = "0",
            ["oid"] = objectId,
            ["rh"] = "0.AAAAAAAA.",
            ["sub"] = "AAAAAAAAAAAAAAAAAAAAAIkzqFVrSaSaFHy782bbtaQ",
            ["tid"] = directoryId,
            ["uti"] = "fqiBqXLPj0eQa82S-IYFAA",
            ["ver"] = "2.0",
        };
        if (name is not null)
        {
            claims["name"] = name;
            claims["preferred_username"] = userName ?? $"{objectId}@contoso.example";
            claims["scp"] = "access_as_user";
        }
        if (roles?.ToArray() is { Length: > 0 } roleArray)
        {
            claims["roles"] = roleArray;
        }
        if (groups?.ToArray() is { Length: > 0 } groupArray)
        {
            claims["groups"] = groupArray;
        }
        if (authenticationMethods?.ToArray() is { Length: > 0 } methods)
        {
            claims["amr"] = methods;
        }
        var key = signedWithForeignKey ? new RsaSecurityKey(RSA.Create(2048)) { KeyId = _signingKey.KeyId } : _signingKey;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = $"{BaseUrl}/{issuerDirectoryId ?? directoryId}/v2.0",
            Audience = audience,
            Claims = claims,
            IssuedAt = validFrom.UtcDateTime,
            NotBefore = validFrom.UtcDateTime,
            Expires = (expires ?? validFrom.AddHours(1)).UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.RsaSha256),
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The documented shape of <c>/organizations/v2.0/.well-known/openid-configuration</c>, on this host.</summary>
    private static JsonObject Discovery(string baseUrl) => new()
    {
        ["token_endpoint"] = $"{baseUrl}/organizations/oauth2/v2.0/token",
        ["token_endpoint_auth_methods_supported"] = new JsonArray("client_secret_post", "private_key_jwt", "client_secret_basic"),
        ["jwks_uri"] = $"{baseUrl}/discovery/v2.0/keys",
        ["response_modes_supported"] = new JsonArray("query", "fragment", "form_post"),
        ["subject_types_supported"] = new JsonArray("pairwise"),
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
        ["response_types_supported"] = new JsonArray("code", "id_token", "code id_token", "id_token token"),
        ["scopes_supported"] = new JsonArray("openid", "profile", "email", "offline_access"),
        ["issuer"] = $"{baseUrl}/{{tenantid}}/v2.0",
        ["request_uri_parameter_supported"] = false,
        ["userinfo_endpoint"] = $"{baseUrl}/oidc/userinfo",
        ["authorization_endpoint"] = $"{baseUrl}/organizations/oauth2/v2.0/authorize",
        ["device_authorization_endpoint"] = $"{baseUrl}/organizations/oauth2/v2.0/devicecode",
        ["http_logout_supported"] = true,
        ["frontchannel_logout_supported"] = true,
        ["end_session_endpoint"] = $"{baseUrl}/organizations/oauth2/v2.0/logout",
        ["claims_supported"] = new JsonArray("sub", "iss", "cloud_instance_name", "cloud_instance_host_name", "cloud_graph_host_name",
            "msgraph_host", "aud", "exp", "iat", "auth_time", "acr", "nonce", "preferred_username", "name", "tid", "ver", "at_hash", "c_hash", "email"),
        ["kerberos_endpoint"] = $"{baseUrl}/organizations/kerberos",
        ["tenant_region_scope"] = null,
        ["cloud_instance_name"] = "microsoftonline.com",
        ["cloud_graph_host_name"] = "graph.windows.net",
        ["msgraph_host"] = "graph.microsoft.com",
        ["rbac_url"] = "https://pas.windows.net",
    };

    private static JsonObject Jwks(RsaSecurityKey key, string baseUrl)
    {
        var parameters = key.Rsa.ExportParameters(includePrivateParameters: false);
        return new JsonObject
        {
            ["keys"] = new JsonArray(new JsonObject
            {
                ["kty"] = "RSA",
                ["use"] = "sig",
                ["kid"] = key.KeyId,
                ["n"] = Base64UrlEncoder.Encode(parameters.Modulus),
                ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                ["issuer"] = $"{baseUrl}/{{tenantid}}/v2.0",
            }),
        };
    }
}
