using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DataGovernance.Records;
using DataGovernance.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace DataGovernance.Functions.Hosting.OpenApi;

/// <summary>
/// Per operation: the credentials it accepts, the permission it needs and whether it needs a step-up (from the same
/// metadata the access check reads), the problem responses it can give, and for record writes the collection
/// document schemas.
/// </summary>
public sealed partial class AccessOperationTransformer : IOpenApiOperationTransformer
{
    private const string ProblemMediaType = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var path = (context.Description.RelativePath ?? "").TrimEnd('/');
        var method = context.Description.HttpMethod ?? "GET";
        var anonymous = metadata.OfType<IAllowAnonymous>().Any();
        var permission = metadata.OfType<RequiredPermission>().LastOrDefault();

        operation.Security = anonymous ? [] : [Requirement(HubDocumentTransformer.BearerScheme, context), Requirement(HubDocumentTransformer.ApiKeyScheme, context)];
        if (permission is not null)
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-required-permission"] = new JsonNodeExtension(JsonValue.Create(permission.Permission.ToScope()));
        }

        if (metadata.OfType<StepUpRequired>().Any())
        {
            operation.Extensions ??= new Dictionary<string, IOpenApiExtension>();
            operation.Extensions["x-requires-step-up"] = new JsonNodeExtension(JsonValue.Create(true));
            AddProblem(operation, 401, "No valid credentials, or no second factor within the tenant's step-up window (step-up-required).");
        }
        if (!anonymous)
        {
            AddProblem(operation, 401, "No valid credentials.");
            AddProblem(operation, 403, "The caller lacks the permission, or the tenant is deactivated.");
        }
        if (path.Contains('{', StringComparison.Ordinal))
        {
            AddProblem(operation, 400, "A malformed parameter, body or continuation token.");
            AddProblem(operation, 404, "No such resource (also for another tenant's resources).");
        }
        if (!anonymous && path.Contains("{tenantId}", StringComparison.Ordinal))
        {
            AddProblem(operation, 429, "The tenant or API key made too many requests; Retry-After says when to try again.");
        }
        if (HttpMethods.IsPost(method) || HttpMethods.IsPut(method))
        {
            AddProblem(operation, 400, "A malformed parameter, body or continuation token.");
            AddProblem(operation, 413, "The body is larger than the operation accepts.");
            AddProblem(operation, 422, "The body is well-formed but invalid; see errors by field.");
        }
        if (HttpMethods.IsPut(method))
        {
            AddProblem(operation, 412, "The resource changed since the ETag in If-Match was read.");
            AddProblem(operation, 428, "If-Match is required.");
        }
        DeclareRouteParameters(operation, path);
        if (path.EndsWith("/records/{collection}", StringComparison.Ordinal) || path.EndsWith("/records/{collection}/{id}", StringComparison.Ordinal))
        {
            DescribeRecordOperation(operation, context);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Route parameters a handler reads from the request rather than binding (shared handlers of tenant and
    /// platform routes) still belong in the document.
    /// </summary>
    private static void DeclareRouteParameters(OpenApiOperation operation, string path)
    {
        foreach (var name in RouteParameter().Matches(path).Select(match => match.Groups["name"].Value))
        {
            operation.Parameters ??= [];
            if (!operation.Parameters.Any(parameter => parameter.Name == name && parameter.In == ParameterLocation.Path))
            {
                operation.Parameters.Add(new OpenApiParameter
                {
                    Name = name,
                    In = ParameterLocation.Path,
                    Required = true,
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                });
            }
        }
    }

    [GeneratedRegex("{(?<name>[A-Za-z]+)}", RegexOptions.CultureInvariant)]
    private static partial Regex RouteParameter();

    private static OpenApiSecurityRequirement Requirement(string scheme, OpenApiOperationTransformerContext context) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, context.Document)] = [] };

    private static void AddProblem(OpenApiOperation operation, int status, string description)
    {
        operation.Responses ??= new OpenApiResponses();
        operation.Responses.TryAdd(status.ToString(System.Globalization.CultureInfo.InvariantCulture), new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [ProblemMediaType] = new() },
        });
    }

    private static void DescribeRecordOperation(OpenApiOperation operation, OpenApiOperationTransformerContext context)
    {
        var collection = operation.Parameters?.FirstOrDefault(parameter => parameter.Name == "collection");
        if (collection is OpenApiParameter parameter)
        {
            parameter.Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.String,
                Enum = Collections.Names.Select(name => (JsonNode)JsonValue.Create(name)).ToList(),
            };
        }
        if (operation.RequestBody is OpenApiRequestBody body)
        {
            body.Description = "The record's document, which must match its collection's schema.";
            body.Required = true;
            body.Content = new Dictionary<string, OpenApiMediaType>
            {
                ["application/json"] = new()
                {
                    Schema = new OpenApiSchema
                    {
                        OneOf = Collections.All
                            .Select(schema => (IOpenApiSchema)new OpenApiSchemaReference(RecordSchemas.ComponentName(schema), context.Document))
                            .ToList(),
                    },
                },
            };
        }
    }
}
