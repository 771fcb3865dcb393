using DataGovernance.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGovernance.Runtime;

/// <summary>
/// Runs this instance's queue listeners and timers, one per catalog function, unless the Functions host owns the
/// triggers (custom-handler mode) or <c>Hub:Triggers:Enabled</c> is false.
/// </summary>
public sealed class TriggerHost(
    FunctionCatalog catalog,
    HostingMode mode,
    IOptions<TriggerOptions> options,
    HubStorage storage,
    FunctionInvoker invoker,
    QueueSignals signals,
    TimerScheduleStore statuses,
    BlobSingleton singleton,
    TimeProvider clock,
    ILogger<TriggerHost> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (mode.IsCustomHandler)
        {
            logger.TriggersOff("the Azure Functions host runs them (custom-handler mode)");
            return Task.CompletedTask;
        }
        if (!options.Value.Enabled)
        {
            logger.TriggersOff($"{TriggerOptions.SectionName}:Enabled is false");
            return Task.CompletedTask;
        }

        var queues = catalog.WithTrigger<QueueTrigger>()
            .Select(entry => new QueueListener(entry.Function, entry.Trigger, storage.Primary.Queues, invoker,
                signals.Listen(entry.Trigger.QueueName), options.Value, clock, logger).RunAsync(stoppingToken))
            .ToList();
        var timers = catalog.WithTrigger<TimerTrigger>()
            .Select(entry => new TimerListener(entry.Function, entry.Trigger, invoker, statuses, singleton, clock, logger).RunAsync(stoppingToken))
            .ToList();
        logger.TriggersStarted(queues.Count, timers.Count);
        return Task.WhenAll([.. queues, .. timers]);
    }
}
