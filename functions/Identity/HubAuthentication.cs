using DataGovernance.Accounts;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DataGovernance.Functions.Identity;

/// <summary>
/// The hub's authentication schemes: Entra ID bearer tokens, hub account tokens, development bearer tokens and API keys, behind one
/// policy scheme that picks the handler from the request's credentials. Options are read per request, so a
/// scheme whose settings are absent is simply never chosen.
/// </summary>
public static class HubAuthentication
{
    public const string Scheme = "Hub";
    public const string EntraScheme = "Entra";
    public const string DevScheme = "Dev";
    public const string ApiKeyScheme = "ApiKey";
    public const string AccountScheme = "Account";

    public static IServiceCollection AddHubAuthentication(this IServiceCollection services)
    {
        services.AddOptions<DevAuthOptions>()
            .BindConfiguration(DevAuthOptions.SectionName)
            .Validate(options => !options.Enabled || DevTokens.TryDecodeKey(options.SigningKey) is not null,
                $"{DevAuthOptions.SectionName}:SigningKey must be base64 of at least {DevTokens.MinimumKeyBytes} bytes when development auth is enabled.")
            .ValidateOnStart();
        services.AddOptions<EntraOptions>().BindConfiguration(EntraOptions.SectionName);

        services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, displayName: null, options => options.ForwardDefaultSelector = SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, displayName: null, _ => { })
            .AddJwtBearer(EntraScheme)
            .AddJwtBearer(DevScheme)
            .AddJwtBearer(AccountScheme);

        services.AddOptions<JwtBearerOptions>(EntraScheme).Configure<IOptions<EntraOptions>>((options, entra) => ConfigureEntra(options, entra.Value));
        services.AddOptions<JwtBearerOptions>(DevScheme).Configure<IOptions<DevAuthOptions>>((options, dev) => ConfigureDev(options, dev.Value));
        services.AddOptions<JwtBearerOptions>(AccountScheme).Configure<IOptions<AccountOptions>>((options, accounts) =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = AccountTokens.ValidationParameters(accounts.Value);
        });
        return services;
    }

    private static string SelectScheme(HttpContext context)
    {
        if (context.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.HeaderName))
        {
            return ApiKeyScheme;
        }
        var authorization = context.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return ApiKeyScheme;
        }
        var issuer = UnvalidatedIssuer(authorization["Bearer ".Length..].Trim());
        if (issuer == AccountTokens.Issuer && context.RequestServices.GetRequiredService<IOptions<AccountOptions>>().Value.IsConfigured)
        {
            return AccountScheme;
        }
        var dev = context.RequestServices.GetRequiredService<IOptions<DevAuthOptions>>().Value;
        var entra = context.RequestServices.GetRequiredService<IOptions<EntraOptions>>().Value;
        if (dev.Enabled && (!entra.IsConfigured || issuer == DevTokens.Issuer))
        {
            return DevScheme;
        }
        return entra.IsConfigured ? EntraScheme : ApiKeyScheme;
    }

    /// <summary>The issuer a bearer token names, read without validation only to pick the scheme that will validate it.</summary>
    private static string? UnvalidatedIssuer(string token)
    {
        var handler = new JsonWebTokenHandler();
        if (!handler.CanReadToken(token))
        {
            return null;
        }
        try
        {
            return handler.ReadJsonWebToken(token).Issuer;
        }
        catch (ArgumentException)
        {
            return null; // shaped like a JWT but not one: the chosen scheme will reject it properly
        }
    }

    private static void ConfigureEntra(JwtBearerOptions options, EntraOptions entra)
    {
        if (!entra.IsConfigured)
        {
            return;
        }
        options.Authority = entra.Authority;
        options.Audience = entra.Audience;
        options.MapInboundClaims = false;
        options.RequireHttpsMetadata = !Uri.TryCreate(entra.Authority, UriKind.Absolute, out var authority) || !authority.IsLoopback;
        options.TokenValidationParameters.IssuerValidatorUsingConfiguration = ValidateTenantIssuer;
        options.TokenValidationParameters.RoleClaimType = HubClaims.Roles;
        options.TokenValidationParameters.ClockSkew = TimeSpan.FromMinutes(2);
    }

    private static void ConfigureDev(JwtBearerOptions options, DevAuthOptions dev)
    {
        options.MapInboundClaims = false;
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidIssuer = DevTokens.Issuer,
            ValidAudience = DevTokens.Audience,
            IssuerSigningKey = dev.Enabled ? DevTokens.SigningKey(dev) : null,
            RequireSignedTokens = true,
            ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
            RoleClaimType = HubClaims.Roles,
            ClockSkew = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>
    /// Multi-tenant Entra metadata names the issuer as a template (<c>…/{tenantid}/v2.0</c>); a token is valid only
    /// if its issuer is that template filled with the token's own <c>tid</c>.
    /// </summary>
    private static string ValidateTenantIssuer(string issuer, SecurityToken token, TokenValidationParameters parameters, BaseConfiguration? configuration)
    {
        var directoryId = (token as JsonWebToken)?.TryGetPayloadValue<string>(HubClaims.DirectoryId, out var tid) == true ? tid : null;
        var templates = (parameters.ValidIssuers ?? []).Append(parameters.ValidIssuer).Append(configuration?.Issuer).OfType<string>();
        if (directoryId is not null && templates.Any(template =>
                string.Equals(template.Replace("{tenantid}", directoryId, StringComparison.OrdinalIgnoreCase), issuer, StringComparison.Ordinal)))
        {
            return issuer;
        }
        throw new SecurityTokenInvalidIssuerException("The token's issuer does not match its directory.");
    }
}
