using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataGovernance.Workbench;

/// <summary>
/// A host of the durable engine with the workbench workflows, configured like the hub (environment variables):
/// <c>worker</c> runs the engine's listeners until stopped (the reliability tests start and kill these);
/// <c>hub-worker</c> does the same with the hub's own workflows;
/// <c>bench</c> measures the engine against raw queue round trips on the same storage (<c>./hub bench durable</c>).
/// </summary>
public static class WorkbenchProgram
{
    public static async Task<int> Main(string[] args)
    {
        switch (args)
        {
            case ["worker"]:
                await CreateWorker([]).RunAsync();
                return 0;
            case ["hub-worker"]:
                await CreateHubWorker().RunAsync();
                return 0;
            case ["bench", .. var options]:
                return await DurableBenchmark.RunAsync(CreateWorker, options);
            default:
                await Console.Error.WriteLineAsync("usage: DataGovernance.Workbench worker | hub-worker | bench [--runs n]");
                return 2;
        }
    }

    /// <summary>The engine with the hub's own workflows (backups, restores), as the function app runs them.</summary>
    public static IHost CreateHubWorker()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDataGovernanceCore();
        builder.Services.AddDataGovernanceWorkflows();
        return builder.Build();
    }

    public static IHost CreateWorker(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddDataGovernanceCore();
        builder.Services.AddDurableEngine();
        builder.Services.AddDurableTasks(registry => registry.AddWorkbenchWorkflows());
        return builder.Build();
    }
}
