using DataGovernance.Functions.Identity;
using DataGovernance.Records;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DataGovernance.Functions.Hosting.OpenApi;

/// <summary>Document-wide parts: description, server, the two credential schemes, and the record document schemas.</summary>
public sealed class HubDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string BearerScheme = "bearer";
    public const string ApiKeyScheme = "apiKey";

    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Admin"] = "The platform console: tenants and the platform audit chain.",
        ["Audit"] = "A tenant's hash-chained audit log.",
        ["Events"] = "The Event Grid webhook (authenticated by its key, not by the hub's credentials).",
        ["Monitoring"] = "Liveness and readiness.",
        ["Records"] = "A tenant's compliance records and their change log.",
        ["Settings"] = "General settings, branding and API keys.",
        ["Team"] = "Role assignments.",
    };

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "DataGovernance Hub API",
            Version = "1.0",
            Description = "Backups, exports, privacy, monitoring and security of a tenant's compliance data. "
                + "Errors are RFC 9457 problem details whose `code` is stable. Versioned resources return an ETag; "
                + "PUT requires If-Match.",
            License = new OpenApiLicense { Name = "Proprietary", Identifier = "LicenseRef-Proprietary" },
        };
        document.Servers = [new OpenApiServer { Url = "/", Description = "This host" }];
        document.Tags = Tags.Select(tag => new OpenApiTag { Name = tag.Key, Description = tag.Value }).ToHashSet();

        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "JWT",
            Description = "A Microsoft Entra ID access token for the hub (or, locally, a development token).",
        };
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = ApiKeyAuthenticationHandler.HeaderName,
            Description = "A tenant API key; its scopes are the permissions it grants.",
        };

        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        foreach (var schema in Collections.All)
        {
            document.Components.Schemas[RecordSchemas.ComponentName(schema)] = RecordSchemas.For(schema);
        }
        return Task.CompletedTask;
    }
}
