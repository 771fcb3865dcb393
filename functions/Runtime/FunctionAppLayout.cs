using System.Text.Json;
using System.Text.Json.Nodes;
using DataGovernance.Runtime;
using DataGovernance.Storage;

namespace DataGovernance.Functions.Runtime;

/// <summary>
/// The Azure Functions app folder of the hub: <c>host.json</c> and one <c>{FunctionName}/function.json</c> per
/// function of the catalog (the published program goes to <c>app/</c> beside them).
/// </summary>
public static class FunctionAppLayout
{
    public const string HostJson = "host.json";

    public const string FunctionJson = "function.json";

    public const string ProgramFolder = "app";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Writes into <paramref name="folder"/>, which may hold nothing but the <c>app/</c> folder.</summary>
    public static void Write(HostFunctionCatalog catalog, string hostJsonSource, string folder)
    {
        Directory.CreateDirectory(folder);
        var unexpected = Directory.EnumerateFileSystemEntries(folder).Where(entry => Path.GetFileName(entry) != ProgramFolder).ToList();
        if (unexpected.Count > 0)
        {
            throw new InvalidOperationException($"{folder} must be empty but for {ProgramFolder}/; it holds {string.Join(", ", unexpected.Select(Path.GetFileName))}.");
        }
        File.Copy(hostJsonSource, Path.Combine(folder, HostJson));
        foreach (var function in catalog.Functions)
        {
            var functionFolder = Path.Combine(folder, function.Name);
            Directory.CreateDirectory(functionFolder);
            File.WriteAllText(Path.Combine(functionFolder, FunctionJson), FunctionJsonFor(function).ToJsonString(Indented) + "\n");
        }
    }

    public static JsonObject FunctionJsonFor(FunctionDefinition function) => new()
    {
        ["bindings"] = function.Trigger switch
        {
            HttpTrigger http => new JsonArray(
                new JsonObject
                {
                    ["type"] = "httpTrigger",
                    ["direction"] = "in",
                    ["name"] = "req",
                    ["authLevel"] = "anonymous",
                    ["methods"] = new JsonArray([.. http.Methods.Select(method => (JsonNode)method.ToLowerInvariant())]),
                    // host.json's routePrefix ("api") is put in front of the route by the Functions host.
                    ["route"] = http.Route[HostFunctionCatalog.RoutePrefix.Length..],
                },
                new JsonObject { ["type"] = "http", ["direction"] = "out", ["name"] = "res" }),
            QueueTrigger queue => new JsonArray(new JsonObject
            {
                ["type"] = "queueTrigger",
                ["direction"] = "in",
                ["name"] = CustomHandlerInvocation.QueueBinding,
                ["queueName"] = queue.QueueName,
                ["connection"] = StorageConnection.PrimaryKey,
            }),
            TimerTrigger timer => new JsonArray(new JsonObject
            {
                ["type"] = "timerTrigger",
                ["direction"] = "in",
                ["name"] = CustomHandlerInvocation.TimerBinding,
                ["schedule"] = timer.Schedule,
                ["runOnStartup"] = timer.RunOnStartup,
                ["useMonitor"] = true,
            }),
            EventGridTrigger => new JsonArray(new JsonObject
            {
                ["type"] = "eventGridTrigger",
                ["direction"] = "in",
                ["name"] = CustomHandlerInvocation.EventGridBinding,
            }),
            _ => throw new ArgumentOutOfRangeException(nameof(function), function.Trigger, "Unknown trigger."),
        },
    };
}
