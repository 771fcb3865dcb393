using DataGovernance.Classification;

namespace DataGovernance.Orchestrations.Classification;

/// <summary>Starts re-scans of a tenant's records as orchestrations with tenant-scoped instance ids.</summary>
public sealed class RescanOperations(DurableTaskClient client, TimeProvider clock)
{
    /// <summary>Chunks classified at the same time: enough to overlap storage round trips, few enough to leave the queue workers room.</summary>
    public const int Parallelism = 4;

    public static string InstanceId(string tenantId, DateTimeOffset at) => $"classification-rescan:{tenantId}:{at:yyyyMMddHHmmssfff}";

    /// <summary>Starts a re-scan of every record of the tenant; returns the orchestration's instance id.</summary>
    public Task<string> StartAsync(string tenantId, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(nameof(RescanOrchestration), new RescanInput(tenantId, ClassificationRescan.DefaultChunkSize, Parallelism),
            StartOrchestrationOptions.ForTenant(tenantId, InstanceId(tenantId, clock.GetUtcNow())), cancellationToken);
}
