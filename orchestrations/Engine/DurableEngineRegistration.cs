using DataGovernance.Runtime;
using DataGovernance.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Engine;

public static class DurableEngineRegistration
{
    /// <summary>The retention purge runs daily at 02:30 UTC.</summary>
    public const string RetentionSchedule = "0 30 2 * * *";

    /// <summary>
    /// Registers the engine (on top of the function runtime, whose queue listeners and timers drive it), its client and its functions: one queue function per control queue, one for work
    /// items, and the reconciler and retention timers. Workflows are added with <see cref="AddDurableTasks"/>.
    /// </summary>
    public static IServiceCollection AddDurableEngine(this IServiceCollection services)
    {
        services.AddOptions<DurableOptions>()
            .BindConfiguration(DurableOptions.SectionName)
            .Validate(options => DurableOptions.IsValidTaskHub(options.TaskHub), "Hub:Durable:TaskHub must be 3–41 letters and digits, starting with a letter.")
            .Validate(options => options.RetentionDays >= 1, "Hub:Durable:RetentionDays must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(provider => new TaskHubNames(provider.GetRequiredService<IOptions<DurableOptions>>().Value.TaskHub));
        RegistryOf(services);
        services.AddSingleton<PayloadStore>();
        services.AddSingleton<InstanceHistoryStore>();
        services.AddSingleton<InstanceStatusStore>();
        services.AddSingleton<DurableQueues>();
        services.AddSingleton<InstanceMessenger>();
        services.AddSingleton<OrchestrationProcessor>();
        services.AddSingleton<ActivityProcessor>();
        services.AddSingleton<OrchestrationReconciler>();
        services.AddSingleton<StorageDurableTaskClient>();
        services.AddSingleton<DurableTaskClient>(provider => provider.GetRequiredService<StorageDurableTaskClient>());
        services.AddHostedService<DurableStorageInitializer>();

        for (var partition = 0; partition < TaskHubNames.PartitionCount; partition++)
        {
            var index = partition;
            services.AddSingleton(provider => FunctionDefinition.Queue(
                $"DurableControl{index:D2}",
                provider.GetRequiredService<TaskHubNames>().ControlQueues[index],
                (message, scope, ct) => scope.GetRequiredService<OrchestrationProcessor>().HandleWakeUpAsync(message, ct)));
        }
        services.AddSingleton(provider => FunctionDefinition.Queue(
            "DurableWorkItems",
            provider.GetRequiredService<TaskHubNames>().WorkItemQueue,
            (message, scope, ct) => scope.GetRequiredService<ActivityProcessor>().HandleWorkItemAsync(message, scope, ct)));
        services.AddSingleton(provider => FunctionDefinition.Timer("ReconcileOrchestrations",
            provider.GetRequiredService<IOptions<DurableOptions>>().Value.ReconcileSchedule,
            (_, scope, ct) => scope.GetRequiredService<OrchestrationReconciler>().RunAsync(ct)));
        services.AddFunction(FunctionDefinition.Timer("PurgeOrchestrationHistory", RetentionSchedule, async (_, scope, ct) =>
        {
            var retention = TimeSpan.FromDays(scope.GetRequiredService<IOptions<DurableOptions>>().Value.RetentionDays);
            var now = scope.GetRequiredService<TimeProvider>().GetUtcNow();
            await scope.GetRequiredService<DurableTaskClient>().PurgeAllInstancesAsync(new PurgeInstancesFilter(CreatedTo: now - retention), ct);
        }));
        return services;
    }

    /// <summary>Adds a hub area's orchestrators and activities to the one registry.</summary>
    public static IServiceCollection AddDurableTasks(this IServiceCollection services, Action<DurableTaskRegistry> register)
    {
        register(RegistryOf(services));
        return services;
    }

    private static DurableTaskRegistry RegistryOf(IServiceCollection services)
    {
        if (services.FirstOrDefault(descriptor => descriptor.ServiceType == typeof(DurableTaskRegistry))?.ImplementationInstance is DurableTaskRegistry existing)
        {
            return existing;
        }
        var registry = new DurableTaskRegistry();
        services.AddSingleton(registry);
        return registry;
    }
}

/// <summary>Creates the task hub's tables, queues and large-message container before work starts.</summary>
internal sealed class DurableStorageInitializer(HubStorage storage, TaskHubNames names) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await storage.Primary.Tables.CreateTableIfNotExistsAsync(names.HistoryTable, cancellationToken);
        await storage.Primary.Tables.CreateTableIfNotExistsAsync(names.InstancesTable, cancellationToken);
        foreach (var queue in names.ControlQueues.Append(names.WorkItemQueue))
        {
            await storage.Primary.Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        await storage.Primary.Container(names.LargeMessagesContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
