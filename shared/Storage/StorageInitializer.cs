using Microsoft.Extensions.Hosting;

namespace DataGovernance.Storage;

/// <summary>Creates the hub's tables, containers and queues in the primary account before the host takes requests.</summary>
public sealed class StorageInitializer(HubStorage storage) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var table in StorageNames.Tables)
        {
            await storage.Primary.Tables.CreateTableIfNotExistsAsync(table, cancellationToken);
        }
        foreach (var container in StorageNames.Containers)
        {
            await storage.Primary.Container(container).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
        foreach (var queue in StorageNames.Queues)
        {
            await storage.Primary.Queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
