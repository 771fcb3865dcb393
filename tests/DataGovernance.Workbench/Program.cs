using DataGovernance;
using DataGovernance.Orchestrations.Engine;
using DataGovernance.Workbench;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// A host of the durable engine with the workbench workflows, configured like the hub (environment variables):
//   worker   run the engine's listeners until stopped (the reliability tests start and kill these)
//   bench    measure the engine against raw queue round trips on the same storage (./hub bench durable)
switch (args)
{
    case ["worker"]:
        await CreateWorker([]).RunAsync();
        return 0;
    case ["bench", .. var options]:
        return await DurableBenchmark.RunAsync(CreateWorker, options);
    default:
        Console.Error.WriteLine("usage: DataGovernance.Workbench worker | bench [--runs n]");
        return 2;
}

static IHost CreateWorker(string[] args)
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Services.AddDataGovernanceCore();
    builder.Services.AddDurableEngine();
    builder.Services.AddDurableTasks(registry => registry.AddWorkbenchWorkflows());
    return builder.Build();
}
