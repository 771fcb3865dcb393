using DataGovernance.Runtime;

namespace DataGovernance.Functions.Runtime;

/// <summary>Marks the custom-handler protocol's own routes, which are how functions are invoked, not functions.</summary>
public sealed class CustomHandlerProtocolRoute
{
    public static CustomHandlerProtocolRoute Instance { get; } = new();
}

/// <summary>
/// Every function of the host: one HTTP function per route endpoint (its endpoint name, methods and route template)
/// and the non-HTTP functions of the <see cref="FunctionCatalog"/>. This is the list function.json files are written
/// from. Building it checks the whole set: every route endpoint has a name, every name is a valid function name used
/// once, and every route lies under <c>/api/</c>, the route prefix Functions serves.
/// </summary>
public sealed class HostFunctionCatalog
{
    public const string RoutePrefix = "api/";

    public HostFunctionCatalog(IEnumerable<Endpoint> endpoints, FunctionCatalog catalog)
    {
        var problems = new List<string>();
        var http = new List<FunctionDefinition>();
        foreach (var endpoint in endpoints.OfType<RouteEndpoint>().Distinct())
        {
            if (endpoint.Metadata.GetMetadata<CustomHandlerProtocolRoute>() is not null)
            {
                continue;
            }
            var route = (endpoint.RoutePattern.RawText ?? "").Trim('/');
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var label = $"{string.Join(",", methods)} /{route}";
            var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
            if (name is null)
            {
                problems.Add($"{label} has no endpoint name (.WithName): it would be a function without a name.");
                continue;
            }
            if (methods.Count == 0)
            {
                problems.Add($"{name} ({label}) declares no HTTP method.");
            }
            if (!route.StartsWith(RoutePrefix, StringComparison.Ordinal))
            {
                problems.Add($"{name} ({label}) is not under /{RoutePrefix}, the route prefix of the Functions host.");
            }
            http.Add(new FunctionDefinition(name, new HttpTrigger([.. methods.Select(method => method.ToUpperInvariant())], route), Handler: null));
        }

        Functions = [.. http, .. catalog.Functions];
        problems.AddRange(Functions.Where(function => !FunctionCatalog.IsValidName(function.Name)).Select(function => $"'{function.Name}' is not a valid function name."));
        problems.AddRange(Functions.GroupBy(function => function.Name, StringComparer.OrdinalIgnoreCase)
            .Where(group => group.Count() > 1)
            .Select(group => $"The function name '{group.Key}' is used {group.Count()} times."));
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid function catalog:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
        }
    }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    /// <summary>The catalog of a built host: its route table and its registered functions.</summary>
    public static HostFunctionCatalog From(IEndpointRouteBuilder app) =>
        new(app.DataSources.SelectMany(source => source.Endpoints), app.ServiceProvider.GetRequiredService<FunctionCatalog>());
}
