using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Engine;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Workbench;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Orchestrations;

/// <summary>
/// A hub instance with the workbench workflows on its own task hub (on the shared Azurite), so engine tests see
/// only their own instances; its timers and reconciler run often.
/// </summary>
public sealed class EngineHost(HubFixture hub) : IAsyncLifetime
{
    public string TaskHub { get; } = $"E{Guid.NewGuid():N}"[..20];

    public HubApplication App { get; private set; } = null!;

    public DurableTaskClient Client => App.Services.GetRequiredService<DurableTaskClient>();

    public TaskHubNames Names => App.Services.GetRequiredService<TaskHubNames>();

    public HubFixture Hub => hub;

    public ValueTask InitializeAsync()
    {
        App = Start(hub, TaskHub, registry => registry.AddWorkbenchWorkflows());
        return ValueTask.CompletedTask;
    }

    public static HubApplication Start(HubFixture hub, string taskHub, Action<DurableTaskRegistry> register)
    {
        var settings = hub.Settings(hub.Primary.ConnectionString, hub.Secondary.ConnectionString);
        settings["Hub:Durable:TaskHub"] = taskHub;
        settings["Hub:Durable:ReconcileAfter"] = "00:00:02";
        settings["Hub:Durable:ReconcileSchedule"] = "*/2 * * * * *";
        settings["Hub:Triggers:MaxPollingIntervalSeconds"] = "0.5";
        var app = new HubApplication(settings, builder => builder.ConfigureServices(services => services.AddDurableTasks(register)));
        app.StartServer();
        return app;
    }

    public async Task<OrchestrationMetadata> RunAsync(string orchestrator, object? input, StartOrchestrationOptions? options = null)
    {
        var instanceId = await Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, options, TestContext.Current.CancellationToken);
        return await CompletionAsync(instanceId);
    }

    public async Task<OrchestrationMetadata> CompletionAsync(string instanceId, TimeSpan? timeout = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(timeout ?? TimeSpan.FromSeconds(60));
        return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, deadline.Token);
    }

    /// <summary>Polls until the instance reaches <paramref name="status"/>.</summary>
    public async Task<OrchestrationMetadata> StatusAsync(string instanceId, OrchestrationRuntimeStatus status)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            if (await Client.GetInstanceAsync(instanceId, true, deadline.Token) is { } instance && instance.RuntimeStatus == status)
            {
                return instance;
            }
            await Task.Delay(50, deadline.Token);
        }
    }

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
