using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Security;

/// <summary>The real <c>dev-token</c> command, run as its own process from a folder without local.settings.json.</summary>
public sealed class DevTokenCommandTests(HubFixture hub)
{
    private static readonly Dictionary<string, string> DevAuthEnvironment = new()
    {
        ["Hub__DevAuth__Enabled"] = "true",
        ["Hub__DevAuth__SigningKey"] = HubFixture.DevSigningKey,
    };

    [Fact]
    public async Task DevToken_PrintsATokenThatTheHubAccepts()
    {
        var tenant = await hub.CreateTenantAsync();
        var ct = TestContext.Current.CancellationToken;

        var result = await RunAsync(DevAuthEnvironment, "--tenant", tenant, "--roles", "Owner", "--user", "alice");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");
        Assert.Equal("", result.StdErr);
        using var client = hub.WithBearer(result.StdOut.Trim());
        await (await client.GetAsync($"/api/tenants/{tenant}/records/controls", ct)).ExpectAsync(HttpStatusCode.OK);
        var created = await (await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", TenantProbe.Control, ct)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("user:alice", created.GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task DevToken_WithMfaNo_IsAskedToStepUpForSensitiveActions()
    {
        var tenant = await hub.CreateTenantAsync();
        var ct = TestContext.Current.CancellationToken;

        var result = await RunAsync(DevAuthEnvironment, "--tenant", tenant, "--roles", "Owner", "--mfa", "no");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");
        using var client = hub.WithBearer(result.StdOut.Trim());
        await (await client.PutJsonAsync($"/api/tenants/{tenant}/security/ip-allowlist", new { entries = Array.Empty<object>() }, "\"0\"", ct))
            .ExpectAsync(HttpStatusCode.Unauthorized, "step-up-required");
    }

    [Fact]
    public async Task DevToken_ForAPlatformRoleWithoutTenant_PrintsAPlatformToken()
    {
        var result = await RunAsync(DevAuthEnvironment, "--roles", "PlatformOperator");

        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");
        using var client = hub.WithBearer(result.StdOut.Trim());
        await (await client.GetAsync("/api/admin/tenants", TestContext.Current.CancellationToken)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task DevToken_WithoutDevAuthEnabled_FailsWithAMessage_AndPrintsNoToken()
    {
        var result = await RunAsync(new Dictionary<string, string> { ["Hub__DevAuth__SigningKey"] = HubFixture.DevSigningKey },
            "--tenant", "contoso", "--roles", "Owner");

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Hub__DevAuth__Enabled", result.StdErr, StringComparison.Ordinal);
        Assert.Equal("", result.StdOut);
    }

    [Theory]
    [InlineData("--tenant", "contoso", "--roles", "Superuser")]
    [InlineData("--tenant", "contoso", "--roles", "PlatformAdmin")]
    [InlineData("--roles", "Owner")]
    [InlineData("--tenant", "Not_A_Tenant", "--roles", "Owner")]
    [InlineData("--tenant", "contoso", "--roles", "Owner", "--hours", "0")]
    [InlineData("--tenant", "contoso")]
    [InlineData("--tenant", "contoso", "--roles", "Owner", "--bogus", "x")]
    [InlineData("--tenant", "contoso", "--roles", "Owner", "--mfa", "maybe")]
    public async Task DevToken_WithInvalidArguments_FailsWithAMessage_AndPrintsNoToken(params string[] arguments)
    {
        var result = await RunAsync(DevAuthEnvironment, arguments);

        Assert.NotEqual(0, result.ExitCode);
        Assert.NotEqual("", result.StdErr.Trim());
        Assert.Equal("", result.StdOut);
    }

    private static async Task<CommandResult> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var ct = TestContext.Current.CancellationToken;
        var workingDirectory = Directory.CreateTempSubdirectory("dev-token-");
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
            start.ArgumentList.Add("dev-token");
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }
            foreach (var inherited in start.Environment.Keys.Where(key => key.StartsWith("Hub", StringComparison.OrdinalIgnoreCase)).ToList())
            {
                start.Environment.Remove(inherited);
            }
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
            var stdout = process.StandardOutput.ReadToEndAsync(ct);
            var stderr = process.StandardError.ReadToEndAsync(ct);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            return new CommandResult(process.ExitCode, await stdout, await stderr);
        }
        finally
        {
            workingDirectory.Delete(recursive: true);
        }
    }

    private sealed record CommandResult(int ExitCode, string StdOut, string StdErr);
}
