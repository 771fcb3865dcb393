using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DataGovernance.Functions.Hosting;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Hosting;

public sealed class OpenApiTests(HubFixture hub)
{
    private const string DocumentPath = "/api/openapi.json";

    /// <summary>The record collections' document schemas and the fields each requires.</summary>
    private static readonly (string Name, string[] Required)[] Schemas =
    [
        ("RequirementData", ["framework", "reference", "title", "status"]),
        ("ControlData", ["code", "title", "status"]),
        ("AssessmentData", ["title", "status"]),
        ("EvidenceData", ["title", "status", "collectedOn"]),
        ("RiskData", ["title", "status", "likelihood", "impact"]),
        ("PolicyData", ["title", "status"]),
        ("PersonData", ["fullName", "email", "status"]),
        ("VendorData", ["name", "country", "status"]),
    ];

    public static TheoryData<string, string[]> RecordSchemas()
    {
        var data = new TheoryData<string, string[]>();
        foreach (var (name, required) in Schemas)
        {
            data.Add(name, required);
        }
        return data;
    }

    private async Task<JsonElement> DocumentAsync()
    {
        using var anonymous = hub.Anonymous();
        return await (await anonymous.GetAsync(DocumentPath, TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.OK);
    }

    private List<RouteEndpoint> RoutedEndpoints() =>
        hub.App.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>() is not null)
            .Where(endpoint => NormalizedPath(endpoint) != DocumentPath)
            .ToList();

    private static string NormalizedPath(RouteEndpoint endpoint) => "/" + endpoint.RoutePattern.RawText!.Trim('/');

    [Fact]
    public async Task Document_IsOpenApi31_AndPassesTheRedoclyLinter()
    {
        var ct = TestContext.Current.CancellationToken;
        var document = await DocumentAsync();
        Assert.StartsWith("3.1.", document.GetProperty("openapi").GetString(), StringComparison.Ordinal);

        var file = Path.Combine(Path.GetTempPath(), $"hub-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, document.GetRawText(), ct);
        try
        {
            var start = new ProcessStartInfo(RepositoryPaths.Combine("tools", "node_modules", ".bin", "redocly"))
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = RepositoryPaths.Root,
                ArgumentList = { "lint", file, "--format=json" },
                Environment = { ["REDOCLY_TELEMETRY"] = "off", ["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true", ["NO_COLOR"] = "1" },
            };
            using var linter = Process.Start(start)!;
            var output = linter.StandardOutput.ReadToEndAsync(ct);
            var errors = linter.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(2));
            await linter.WaitForExitAsync(timeout.Token);

            var text = await output;
            Assert.True(text.TrimStart().StartsWith('{'), $"redocly printed no JSON (exit {linter.ExitCode}): {text}\n{await errors}");
            var report = JsonSerializer.Deserialize<JsonElement>(text);
            var problems = report.GetProperty("problems").EnumerateArray()
                .Where(problem => problem.GetProperty("severity").GetString() == "error")
                .Select(problem => $"{problem.GetProperty("ruleId").GetString()}: {problem.GetProperty("message").GetString()} at " +
                                   string.Join(", ", problem.GetProperty("location").EnumerateArray().Select(l => l.GetProperty("pointer").GetString())))
                .ToList();
            Assert.True(report.GetProperty("totals").GetProperty("errors").GetInt32() == 0, "Lint errors:\n" + string.Join("\n", problems));
            Assert.Empty(problems);
            Assert.Equal(0, linter.ExitCode);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task EveryRoutedEndpoint_IsDescribed_UnderItsPathAndMethod_WithItsNameAsOperationId()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var endpoints = RoutedEndpoints();
        Assert.True(endpoints.Count >= 30, $"Only {endpoints.Count} endpoints were found in the route table.");

        var missing = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var path = NormalizedPath(endpoint);
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            {
                var name = endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
                if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
                {
                    missing.Add($"{method} {path} is not in the document");
                }
                else if (name is null || operation.GetProperty("operationId").GetString() != name)
                {
                    missing.Add($"{method} {path} has operationId {operation.GetProperty("operationId")} instead of {name ?? "(unnamed endpoint)"}");
                }
            }
        }
        Assert.True(missing.Count == 0, string.Join("\n", missing));
    }

    [Fact]
    public async Task EveryProtectedOperation_DeclaresSecurity_AndTheSamePermissionTheAccessCheckUses()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var problems = new List<string>();
        foreach (var endpoint in RoutedEndpoints())
        {
            var path = NormalizedPath(endpoint);
            foreach (var method in endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods)
            {
                if (!paths.TryGetProperty(path, out var item) || !item.TryGetProperty(method.ToLowerInvariant(), out var operation))
                {
                    continue;
                }
                var label = $"{method} {path}";
                if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
                {
                    if (operation.TryGetProperty("security", out var anonymousSecurity) && anonymousSecurity.GetArrayLength() > 0)
                    {
                        problems.Add($"{label} is anonymous but declares security");
                    }
                    continue;
                }
                var schemes = operation.TryGetProperty("security", out var security)
                    ? security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(p => p.Name)).ToHashSet()
                    : [];
                if (!schemes.SetEquals(["bearer", "apiKey"]))
                {
                    problems.Add($"{label} declares security [{string.Join(", ", schemes)}]");
                }
                var expected = endpoint.Metadata.GetMetadata<RequiredPermission>()?.Permission.ToScope();
                var declared = operation.TryGetProperty("x-required-permission", out var permission) ? permission.GetString() : null;
                if (expected is null || declared != expected)
                {
                    problems.Add($"{label} declares permission {declared ?? "(none)"}, the access check uses {expected ?? "(none)"}");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Theory]
    [MemberData(nameof(RecordSchemas))]
    public async Task RecordSchema_IsPublished_ClosedToUnknownFields_WithItsRequiredFields(string name, string[] required)
    {
        var schema = (await DocumentAsync()).GetProperty("components").GetProperty("schemas").GetProperty(name);

        Assert.Equal("object", schema.GetProperty("type").GetString());
        Assert.Equal(JsonValueKind.False, schema.GetProperty("additionalProperties").ValueKind);
        Assert.Equal(required.Order(StringComparer.Ordinal), schema.GetProperty("required").EnumerateArray().Select(f => f.GetString()!).Order(StringComparer.Ordinal));
        var properties = schema.GetProperty("properties");
        Assert.All(required.Append("owner").Append("customFields"), field => Assert.True(properties.TryGetProperty(field, out _), $"{name} lacks {field}"));
        Assert.True(properties.GetProperty("status").TryGetProperty("enum", out _), $"{name}.status is not an enum");
    }

    [Fact]
    public async Task RecordOperations_NameTheCollections_AndWritesAcceptExactlyTheEightDocumentSchemas()
    {
        var paths = (await DocumentAsync()).GetProperty("paths");
        var expected = Schemas.Select(schema => "#/components/schemas/" + schema.Name).Order(StringComparer.Ordinal).ToList();
        string[] collections = ["assessments", "controls", "evidence", "people", "policies", "requirements", "risks", "vendors"];
        var problems = new List<string>();

        foreach (var path in new[] { "/api/tenants/{tenantId}/records/{collection}", "/api/tenants/{tenantId}/records/{collection}/{id}" })
        {
            foreach (var operation in paths.GetProperty(path).EnumerateObject())
            {
                var label = $"{operation.Name} {path}";
                var parameter = operation.Value.GetProperty("parameters").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "collection");
                var values = parameter.GetProperty("schema").TryGetProperty("enum", out var names)
                    ? names.EnumerateArray().Select(n => n.GetString()!).Order(StringComparer.Ordinal).ToList()
                    : [];
                if (!values.SequenceEqual(collections))
                {
                    problems.Add($"{label}: collection is {parameter.GetProperty("schema").GetRawText()}");
                }
                if (operation.Name is "post" or "put")
                {
                    var schema = operation.Value.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
                    var references = schema.TryGetProperty("oneOf", out var oneOf)
                        ? oneOf.EnumerateArray().Select(s => s.GetProperty("$ref").GetString()!).Order(StringComparer.Ordinal).ToList()
                        : [];
                    if (!references.SequenceEqual(expected))
                    {
                        problems.Add($"{label}: the request body schema is {schema.GetRawText()}");
                    }
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }
}
