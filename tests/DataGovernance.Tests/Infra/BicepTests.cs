using System.Diagnostics;
using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Xunit;

namespace DataGovernance.Tests.Infra;

public sealed partial class BicepTests
{
    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(2);

    private static readonly string[] ExpectedResourceTypes =
    [
        "Microsoft.Web/serverfarms", "Microsoft.Web/sites", "Microsoft.Storage/storageAccounts", "Microsoft.KeyVault/vaults",
        "Microsoft.OperationalInsights/workspaces", "Microsoft.Insights/components", "Microsoft.Authorization/roleAssignments",
    ];

    private static readonly string[] FunctionAppRoleDefinitionIds =
    [
        "b7e6dc6d-f1e8-4753-8033-0f276bb0955b", // Storage Blob Data Owner
        "974c5e8b-45b9-4653-ba55-5f855dd0fb88", // Storage Queue Data Contributor
        "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", // Storage Table Data Contributor
        "4633458b-17de-408a-b874-0445c86b69e6", // Key Vault Secrets User
        "12338af0-0e69-4776-bea7-57ae8d297424", // Key Vault Crypto User
    ];

    [Fact]
    public async Task MainTemplate_Builds_WithoutErrorsOrWarnings()
    {
        var result = await RunBicepAsync("build", MainTemplate, "--stdout");

        AssertClean(result);
        using var template = JsonDocument.Parse(result.StandardOutput);
        var types = DeployedResourceTypes(template.RootElement);
        Assert.All(ExpectedResourceTypes, expected => Assert.Contains(expected, types));
        Assert.Equal(2, types.Count(type => type == "Microsoft.Storage/storageAccounts"));
        Assert.Equal(2, types.Count(type => type == "Microsoft.Insights/diagnosticSettings"));
        Assert.All(FunctionAppRoleDefinitionIds, roleId => Assert.Contains(roleId, result.StandardOutput));
    }

    [Fact]
    public async Task MainTemplate_Lints_Clean()
    {
        var result = await RunBicepAsync("lint", MainTemplate);

        AssertClean(result);
        Assert.False(Diagnostic().IsMatch(result.StandardOutput), result.ToString());
    }

    [Theory]
    [InlineData("dev")]
    [InlineData("test")]
    [InlineData("prod")]
    public async Task EveryEnvironmentParameterFile_Builds(string environment)
    {
        var parameterFile = Path.Combine(BicepDirectory, "parameters", $"{environment}.bicepparam");

        var result = await RunBicepAsync("build-params", parameterFile, "--stdout");

        AssertClean(result);
        using var output = JsonDocument.Parse(result.StandardOutput);
        using var parameters = JsonDocument.Parse(output.RootElement.GetProperty("parametersJson").GetString()!);
        var environmentName = parameters.RootElement.GetProperty("parameters").GetProperty("environmentName").GetProperty("value");
        Assert.Equal(environment, environmentName.GetString());
    }

    private static string BicepDirectory => Path.Combine(RepositoryRoot(), "infra", "bicep");

    private static string MainTemplate => Path.Combine(BicepDirectory, "main.bicep");

    private static void AssertClean(BicepResult result)
    {
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.False(Diagnostic().IsMatch(result.StandardError), result.ToString());
    }

    /// <summary>Types of the resources the template deploys, nested module deployments included.</summary>
    private static List<string> DeployedResourceTypes(JsonElement element, List<string>? types = null)
    {
        types ??= [];
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("apiVersion", out _) && !element.TryGetProperty("existing", out _)
                && element.TryGetProperty("type", out var type))
            {
                types.Add(type.GetString()!);
            }
            foreach (var property in element.EnumerateObject())
            {
                DeployedResourceTypes(property.Value, types);
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                DeployedResourceTypes(item, types);
            }
        }
        return types;
    }

    private static async Task<BicepResult> RunBicepAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(BicepPath(), arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = BicepDirectory,
        };
        startInfo.Environment["BICEP_TRACING_ENABLED"] = "false";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(ProcessTimeout);
        using var process = Process.Start(startInfo)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var standardError = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new BicepResult(string.Join(' ', arguments), process.ExitCode, await standardOutput, await standardError);
    }

    private static string BicepPath()
    {
        var path = typeof(BicepTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "BicepPath").Value!;
        if (!OperatingSystem.IsWindows() && !File.GetUnixFileMode(path).HasFlag(UnixFileMode.UserExecute))
        {
            File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
        }
        return path;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DataGovernance.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"No DataGovernance.sln above {AppContext.BaseDirectory}.");
    }

    [GeneratedRegex(@"\b(Warning|Error)\b")]
    private static partial Regex Diagnostic();

    private sealed record BicepResult(string Command, int ExitCode, string StandardOutput, string StandardError)
    {
        public override string ToString() =>
            $"bicep {Command} exited with {ExitCode}.{Environment.NewLine}stdout:{Environment.NewLine}{StandardOutput}{Environment.NewLine}stderr:{Environment.NewLine}{StandardError}";
    }
}
