using System.Text.Json;
using System.Text.Json.Serialization;
using DataGovernance.Classification;
using DataGovernance.Downloads;
using DataGovernance.Functions.Hosting.OpenApi;
using DataGovernance.Functions.Identity;
using DataGovernance.Orchestrations;
using DataGovernance.Functions.Runtime;
using DataGovernance.Functions.Security;
using DataGovernance.Mfa;
using DataGovernance.Privacy;
using DataGovernance.Security;
using Microsoft.AspNetCore.Mvc;

namespace DataGovernance.Functions.Hosting;

public static class HostSetup
{
    /// <summary>Everything the HTTP host needs beyond the core services: JSON rules, limits, errors, identity, OpenAPI, hosting mode.</summary>
    public static WebApplicationBuilder AddDataGovernanceHost(this WebApplicationBuilder builder)
    {
        // The host's defaults ship beside the binary: the content root is the repository for ./hub up and the
        // function app folder under Azure Functions, neither of which holds them.
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true);
        builder.Configuration.AddLocalSettings(builder.Environment.ContentRootPath);
        builder.Configuration.AddEnvironmentVariables();
        builder.Logging.AddSimpleConsole(options =>
        {
            options.IncludeScopes = true;
            options.SingleLine = true;
        });
        // This category opens a scope holding the raw request path, which can carry personal data.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        builder.WebHost.ConfigureKestrel(options =>
        {
            options.AddServerHeader = false;
            options.Limits.MaxRequestBodySize = BodyLimits.Default;
        });

        var services = builder.Services;
        services.AddDataGovernanceCore();
        services.AddDataGovernanceWorkflows();
        services.ValidateEvidenceSigningOnStart();
        services.ValidateMfaOnStart();
        services.ValidateDownloadLinksOnStart();
        services.ValidateErasureOnStart();
        services.AddOptions<ClassificationOptions>().ValidateOnStart();
        services.ConfigureHttpJsonOptions(options => Configure(options.SerializerOptions));
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddExceptionHandler<HubExceptionHandler>();
        services.AddProblemDetails();
        services.AddHubAuthentication();
        services.AddSingleton<CallerResolver>();
        services.AddRateLimits();
        services.AddSingleton<RateLimitBuckets>();
        services.AddHubOpenApi();
        builder.AddHostRuntime();
        return builder;
    }

    /// <summary>
    /// Correlation and logging, audit, error mapping, routing, authentication, access control, rate limits — in that order.
    /// Calling UseAuthentication here also keeps the framework from adding it in front of everything else.
    /// </summary>
    public static WebApplication UseDataGovernancePipeline(this WebApplication app)
    {
        app.UseMiddleware<RequestTelemetryMiddleware>();
        app.UseMiddleware<AuditMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages(context => StatusCodeProblems.WriteAsync(context.HttpContext));
        app.UseRouting();
        app.UseAuthentication();
        app.UseMiddleware<AccessControlMiddleware>();
        app.UseMiddleware<RateLimitMiddleware>();
        return app;
    }

    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        options.Converters.Add(new JsonStringEnumConverter(namingPolicy: null, allowIntegerValues: false));
    }
}

/// <summary>Request body limits: a default for every endpoint, smaller ones where documents are small.</summary>
public static class BodyLimits
{
    public const long Default = 1024 * 1024;

    public const long Record = 64 * 1024;

    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder builder, long bytes)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestSizeLimitAttribute(bytes));
}

/// <summary>Problem details for bodiless error statuses the framework produces itself (unknown route, wrong method).</summary>
public static class StatusCodeProblems
{
    public static Task WriteAsync(HttpContext context)
    {
        var status = context.Response.StatusCode;
        var (code, detail) = status switch
        {
            StatusCodes.Status404NotFound => ("not-found", "There is no such resource."),
            StatusCodes.Status405MethodNotAllowed => ("method-not-allowed", "This resource does not support the method."),
            StatusCodes.Status413PayloadTooLarge => ("payload-too-large", "The request body is larger than this operation accepts."),
            StatusCodes.Status415UnsupportedMediaType => ("unsupported-media-type", "This resource does not accept the request's content type."),
            _ => ($"http-{status}", "The request could not be served."),
        };
        return Problems.WriteAsync(context, status, code, detail);
    }
}
