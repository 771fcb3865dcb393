using System.Diagnostics;
using System.Text.Json.Nodes;
using DataGovernance.Functions.Runtime;
using DataGovernance.Runtime;
using DataGovernance.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Runtime;

/// <summary>The Azure Functions app folder: host.json and one function.json per catalog function, nothing else.</summary>
public sealed class FunctionAppTests(HubFixture hub)
{
    private static readonly string HostJsonSource = RepositoryPaths.Combine("host.json");

    private static HostFunctionCatalog CatalogOf(HubApplication app) =>
        new(app.Services.GetRequiredService<EndpointDataSource>().Endpoints, app.Services.GetRequiredService<FunctionCatalog>());

    private static List<RouteEndpoint> RouteEndpoints(HubApplication app) =>
        [.. app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()];

    private static string[] Entries(string folder) =>
        [.. Directory.EnumerateFileSystemEntries(folder).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)];

    private static JsonNode Read(string path) => JsonNode.Parse(File.ReadAllText(path))!;

    [Fact]
    public async Task EveryFunction_GetsExactlyOneFunctionJson_FromItsTrigger_AndTheFolderHoldsNothingElse()
    {
        await using var app = RuntimeHosts.Start(hub, services =>
        {
            services.AddFunction(FunctionDefinition.Queue("ClassifyDocument", "classification-requests", (_, _, _) => Task.CompletedTask));
            services.AddFunction(FunctionDefinition.Timer("NightlyBackup", "0 30 2 * * *", (_, _, _) => Task.CompletedTask));
            services.AddFunction(FunctionDefinition.Timer("WarmUp", "0 */5 * * * *", (_, _, _) => Task.CompletedTask, runOnStartup: true));
            services.AddFunction(FunctionDefinition.EventGrid("EvidenceUploaded", new EventGridTrigger("Microsoft.Storage.BlobCreated", "/blobServices/default/containers/evidence/"),
                (_, _, _) => Task.CompletedTask));
        }, new Dictionary<string, string?> { ["Hub:Triggers:Enabled"] = "false" });
        var catalog = CatalogOf(app);
        var folder = Directory.CreateTempSubdirectory("function-app-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, FunctionAppLayout.ProgramFolder));

            FunctionAppLayout.Write(catalog, HostJsonSource, folder.FullName);

            var routes = RouteEndpoints(app);
            var httpNames = routes.Select(route => route.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName).ToList();
            var others = app.Services.GetRequiredService<FunctionCatalog>().Functions.Select(function => function.Name).ToList();
            Assert.Subset(others.ToHashSet(), new HashSet<string>(["ClassifyDocument", "NightlyBackup", "WarmUp", "EvidenceUploaded", LocalEvents.FunctionName, "DurableControl00", "DurableWorkItems", "ReconcileOrchestrations"]));
            Assert.Equal(httpNames.Concat(others).Append("app").Append("host.json").Order(StringComparer.Ordinal), Entries(folder.FullName));
            Assert.Equal(File.ReadAllText(HostJsonSource), File.ReadAllText(Path.Combine(folder.FullName, "host.json")));

            foreach (var route in routes)
            {
                var name = route.Metadata.GetMetadata<IEndpointNameMetadata>()!.EndpointName;
                var expected = new JsonObject
                {
                    ["bindings"] = new JsonArray(
                        new JsonObject
                        {
                            ["type"] = "httpTrigger", ["direction"] = "in", ["name"] = "req", ["authLevel"] = "anonymous",
                            ["methods"] = new JsonArray([.. route.Metadata.GetMetadata<IHttpMethodMetadata>()!.HttpMethods.Select(method => (JsonNode)method.ToLowerInvariant())]),
                            ["route"] = route.RoutePattern.RawText!.Trim('/')["api/".Length..],
                        },
                        new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
                };
                AssertFunctionJson(folder.FullName, name, expected);
            }
            AssertFunctionJson(folder.FullName, "ClassifyDocument", Bindings(new JsonObject
            {
                ["type"] = "queueTrigger", ["direction"] = "in", ["name"] = "message", ["queueName"] = "classification-requests", ["connection"] = "AzureWebJobsStorage",
            }));
            AssertFunctionJson(folder.FullName, "NightlyBackup", Bindings(new JsonObject
            {
                ["type"] = "timerTrigger", ["direction"] = "in", ["name"] = "timer", ["schedule"] = "0 30 2 * * *", ["runOnStartup"] = false, ["useMonitor"] = true,
            }));
            AssertFunctionJson(folder.FullName, "WarmUp", Bindings(new JsonObject
            {
                ["type"] = "timerTrigger", ["direction"] = "in", ["name"] = "timer", ["schedule"] = "0 */5 * * * *", ["runOnStartup"] = true, ["useMonitor"] = true,
            }));
            AssertFunctionJson(folder.FullName, "EvidenceUploaded", Bindings(new JsonObject { ["type"] = "eventGridTrigger", ["direction"] = "in", ["name"] = "eventGridEvent" }));
            AssertFunctionJson(folder.FullName, "DurableControl00", Bindings(new JsonObject
            {
                ["type"] = "queueTrigger", ["direction"] = "in", ["name"] = "message", ["queueName"] = "hub-control-00", ["connection"] = "AzureWebJobsStorage",
            }));

            var record = Read(Path.Combine(folder.FullName, "GetRecord", "function.json"))["bindings"]![0]!;
            Assert.Equal("tenants/{tenantId}/records/{collection}/{id}", record["route"]!.GetValue<string>());
            Assert.Equal("get", Assert.Single(record["methods"]!.AsArray())!.GetValue<string>());
            Assert.Equal("openapi.json", Read(Path.Combine(folder.FullName, "GetOpenApiDocument", "function.json"))["bindings"]![0]!["route"]!.GetValue<string>());
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void HostJson_ConfiguresTheCustomHandler_QueuesAndRoutePrefix_AsTheProgramExpects()
    {
        var hostJson = Read(HostJsonSource);

        Assert.Equal("2.0", hostJson["version"]!.GetValue<string>());
        Assert.True(hostJson["customHandler"]!["enableProxyingHttpRequest"]!.GetValue<bool>());
        Assert.Equal("dotnet", hostJson["customHandler"]!["description"]!["defaultExecutablePath"]!.GetValue<string>());
        Assert.Equal($"{FunctionAppLayout.ProgramFolder}/DataGovernance.Functions.dll", Assert.Single(hostJson["customHandler"]!["description"]!["arguments"]!.AsArray())!.GetValue<string>());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", hostJson["extensionBundle"]!["id"]!.GetValue<string>());
        Assert.Equal(HostFunctionCatalog.RoutePrefix.TrimEnd('/'), hostJson["extensions"]!["http"]!["routePrefix"]!.GetValue<string>());
        Assert.Equal("base64", hostJson["extensions"]!["queues"]!["messageEncoding"]!.GetValue<string>());
        Assert.Equal(PoisonQueues.MaxDequeueCount, hostJson["extensions"]!["queues"]!["maxDequeueCount"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheFunctionAppCommand_OfTheBuiltProgram_WritesTheProductCatalog_AndRefusesAFolderInUse()
    {
        var folder = Directory.CreateTempSubdirectory("function-app-command-");
        try
        {
            var written = await RunAsync(FunctionAppCommand.Name, folder.FullName, "--host-json", HostJsonSource);

            Assert.True(written.ExitCode == 0, $"exit {written.ExitCode}: {written.StdErr}");
            var expected = CatalogOf(hub.App).Functions.Select(function => function.Name).Append("host.json").Order(StringComparer.Ordinal);
            Assert.Equal(expected, Entries(folder.FullName));
            Assert.All(Directory.EnumerateDirectories(folder.FullName), function => Assert.Equal(["function.json"], Entries(function)));
            Assert.Contains(LocalEvents.FunctionName, Entries(folder.FullName));

            var again = await RunAsync(FunctionAppCommand.Name, folder.FullName, "--host-json", HostJsonSource);
            Assert.Equal(2, again.ExitCode);
            Assert.Contains("must be empty", again.StdErr, StringComparison.Ordinal);

            var usage = await RunAsync(FunctionAppCommand.Name, folder.FullName);
            Assert.Equal(2, usage.ExitCode);
            Assert.Contains("usage:", usage.StdErr, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static JsonObject Bindings(JsonObject binding) => new() { ["bindings"] = new JsonArray(binding) };

    private static void AssertFunctionJson(string folder, string function, JsonObject expected)
    {
        Assert.Equal(["function.json"], Entries(Path.Combine(folder, function)));
        var actual = Read(Path.Combine(folder, function, "function.json"));
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{function}/function.json is {actual.ToJsonString()}, expected {expected.ToJsonString()}");
    }

    private static async Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] arguments)
    {
        var ct = TestContext.Current.CancellationToken;
        var workingDirectory = Directory.CreateTempSubdirectory("function-app-cwd-");
        try
        {
            var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
            {
                WorkingDirectory = workingDirectory.FullName,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "DataGovernance.Functions.dll"));
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return (process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }
}
