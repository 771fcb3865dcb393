using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Tests.Security;

/// <summary>One method and route of the running hub, as its endpoint data sources describe it, with a concrete URL to call.</summary>
public sealed partial record HubRoute(string Method, string Pattern, bool IsAnonymous, IReadOnlyList<Permission> Permissions, string? ContentType)
{
    public const string Placeholder = "abcdef0123456789";

    public bool IsTenantScoped => Pattern.Contains("{tenantId}", StringComparison.Ordinal);

    public bool IsAdmin => Pattern.StartsWith("/api/admin/", StringComparison.Ordinal);

    public static IReadOnlyList<HubRoute> All(IServiceProvider services)
    {
        var sources = services.GetServices<EndpointDataSource>().Append(services.GetRequiredService<EndpointDataSource>()).Distinct();
        return sources
            .SelectMany(source => source.Endpoints)
            .OfType<RouteEndpoint>()
            .Distinct()
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method => new HubRoute(
                method,
                endpoint.RoutePattern.RawText ?? "",
                endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null,
                endpoint.Metadata.GetOrderedMetadata<RequiredPermission>().Select(required => required.Permission).ToList(),
                endpoint.Metadata.GetMetadata<IAcceptsMetadata>()?.ContentTypes is [var accepted, ..] ? accepted : null)))
            .OrderBy(route => route.Pattern, StringComparer.Ordinal)
            .ThenBy(route => route.Method, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The pattern with the tenant filled in, <c>controls</c> as the collection and a well-formed made-up id for the rest.</summary>
    public string Url(string tenantId) => Parameter().Replace(Pattern, match => match.Groups["name"].Value switch
    {
        "tenantId" => tenantId,
        "collection" => "controls",
        _ => Placeholder,
    });

    /// <summary>The request for this route; POST and PUT carry <c>{}</c> in the first content type the endpoint accepts.</summary>
    public HttpRequestMessage Request(string tenantId)
    {
        var request = new HttpRequestMessage(new HttpMethod(Method), Url(tenantId));
        if (Method is "POST" or "PUT")
        {
            request.Content = new StringContent("{}", Encoding.UTF8);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(ContentType ?? "application/json");
        }
        return request;
    }

    public async Task<RouteAnswer> SendAsync(HttpClient client, string tenantId, CancellationToken cancellationToken)
    {
        using var request = Request(tenantId);
        using var response = await client.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? code = null, detail = null;
        if (response.Content.Headers.ContentType?.MediaType == "application/problem+json")
        {
            var problem = JsonSerializer.Deserialize<JsonElement>(text);
            code = problem.TryGetProperty("code", out var c) ? c.GetString() : null;
            detail = problem.TryGetProperty("detail", out var d) ? d.GetString() : null;
        }
        return new RouteAnswer((int)response.StatusCode, code, detail);
    }

    public override string ToString() => $"{Method} {Pattern}";

    [GeneratedRegex(@"\{\**(?<name>[A-Za-z0-9_]+)[^}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex Parameter();
}

public sealed record RouteAnswer(int Status, string? Code, string? Detail)
{
    public override string ToString() => Code is null ? $"{Status}" : $"{Status} {Code} ({Detail})";
}
