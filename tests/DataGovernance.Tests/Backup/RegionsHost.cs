using DataGovernance.Orchestrations.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using DataGovernance.Security;
using Xunit;

namespace DataGovernance.Tests.Backup;

/// <summary>
/// A hub with storage of its own in both regions, so that tests can take the secondary region down (and see the
/// catch-up) without disturbing other tests, whose hubs would otherwise replicate pending restore points too.
/// </summary>
public sealed class RegionsHost(HubFixture hub) : IAsyncLifetime
{
    public AzuriteProcess Primary { get; private set; } = null!;

    public AzuriteProcess Secondary { get; private set; } = null!;

    public HubApplication App { get; private set; } = null!;

    public IServiceProvider Services => App.Services;

    public async ValueTask InitializeAsync()
    {
        var primary = AzuriteProcess.StartAsync("regions-primary");
        var secondary = AzuriteProcess.StartAsync("regions-secondary");
        (Primary, Secondary) = (await primary, await secondary);
        var settings = hub.Settings(Primary.ConnectionString, Secondary.ConnectionString);
        settings["Hub:Backup:ReplicationRetryDelay"] = "00:00:01";
        settings["Hub:Triggers:MaxPollingIntervalSeconds"] = "0.5";
        App = new HubApplication(settings);
        App.StartServer();
    }

    public Task<string> CreateTenantAsync(string dataResidency = "eu") =>
        HubFixture.CreateTenantThroughAsync(Client(HubFixture.DevToken(null, "platform-admin", Role.PlatformAdmin)), dataResidency: dataResidency);

    public HttpClient Client(string token)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public HttpClient Owner(string tenant) => Client(HubFixture.DevToken(tenant, "owner-1", Role.Owner));

    /// <summary>One run of the every-minute scheduler: due backups and due replication catch-ups.</summary>
    public Task RunSchedulerAsync() => Services.GetRequiredService<BackupScheduler>().RunAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Secondary.DisposeAsync();
        await Primary.DisposeAsync();
    }
}
