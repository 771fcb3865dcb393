using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace DataGovernance.Demo;

/// <summary>Seeds the configured demo tenant once the storage is initialised (a no-op when none is configured).</summary>
public sealed partial class DemoSeedingService(DemoTenantSeeder seeder, IOptions<DemoOptions> options, ILogger<DemoSeedingService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.TenantId is not { Length: > 0 } tenantId)
        {
            return;
        }
        var seeded = await seeder.SeedAsync(tenantId, cancellationToken);
        if (seeded > 0)
        {
            LogSeeded(tenantId, seeded);
        }
        else
        {
            LogAlreadyPresent(tenantId);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9001, Level = LogLevel.Information, Message = "Seeded demo tenant {TenantId} with {RecordCount} records")]
    private partial void LogSeeded(string tenantId, int recordCount);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information, Message = "Demo tenant {TenantId} already exists; not seeded again")]
    private partial void LogAlreadyPresent(string tenantId);
}
