using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Engine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataGovernance.Workbench;

/// <summary>
/// A host of the durable engine with the workbench workflows, configured like the hub (environment variables):
/// <c>worker</c> runs the engine's listeners until stopped (the reliability tests start and kill these);
/// <c>hub-worker</c> does the same with the hub's own workflows;
/// <c>bench durable</c> measures the engine against raw queue round trips on the same storage (<c>./hub bench durable</c>);
/// <c>bench backup</c> measures snapshots and restores against plain blob uploads and table inserts (<c>./hub bench backup</c>);
/// <c>bench auth</c> measures password-check cost and sign-in throughput (<c>./hub bench auth</c>);
/// <c>bench imports</c> measures importing a 100,000-row CSV (upload → validate → commit) against plain table inserts (<c>./hub bench imports</c>);
/// <c>bench erasure</c> measures erasing one subject in a 100,000-record tenant against plain reads, writes and a scan (<c>./hub bench erasure</c>);
/// <c>bench exports</c> measures CSV and XLSX exports of 200,000 records against a plain scan of the same rows (<c>./hub bench exports</c>);
/// <c>bench classification</c> measures classification throughput next to ripgrep, and with <c>--accuracy</c> scores the recognizers on the
/// labelled evaluation set (<c>./hub bench classification [--accuracy]</c>).
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
            case ["bench", "durable", .. var options]:
                return await DurableBenchmark.RunAsync(CreateWorker, options);
            case ["bench", "backup", .. var options]:
                return await BackupBenchmark.RunAsync(CreateStorageHost, options);
            case ["bench", "auth", .. var options]:
                return await AuthBenchmark.RunAsync(CreateStorageHost, options);
            case ["bench", "erasure", .. var options]:
                return await ErasureBenchmark.RunAsync(CreateHubWorker, options);
            case ["bench", "exports", .. var options]:
                return await ExportBenchmark.RunAsync(CreateHubWorker, options);
            case ["bench", "classification", .. var options]:
                return ClassificationBenchmark.Run(options);
            case ["bench", "imports", .. var options]:
                return await ImportBenchmark.RunAsync(options);
            case [SnapshotPhase.Mode, var tenantId, var restorePointId]:
                using (var host = CreateStorageHost())
                {
                    return await SnapshotPhase.RunAsync(host, tenantId, restorePointId);
                }
            default:
                await Console.Error.WriteLineAsync("usage: DataGovernance.Workbench worker | hub-worker | bench durable [--runs n] | bench backup [--records n] | bench auth [--sign-ins n] | bench erasure [--records n] | bench exports [--records n] | bench imports [--rows n] | bench classification [--records n] [--ripgrep path] | bench classification --accuracy");
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

    /// <summary>The hub's stores and services without the engine; never started, so no listener or trigger runs.</summary>
    public static IHost CreateStorageHost()
    {
        var builder = Host.CreateApplicationBuilder([]);
        builder.Services.AddDataGovernanceCore();
        return builder.Build();
    }
}
