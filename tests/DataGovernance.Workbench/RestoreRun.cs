using DataGovernance.Backup;
using DataGovernance.Records;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Workbench;

/// <summary>The measured restore: the real whole-tenant restore of a snapshot, from freeze to switch.</summary>
public static class RestoreRun
{
    /// <summary>The plain inserts it is compared with use the restore's own batch size and concurrency.</summary>
    public const int Parallelism = GenerationWriter.ConcurrentBatches;
    public const int RowsPerTransaction = Records.GenerationStore.MaxRowsPerBatch;

    /// <summary>
    /// Restores the whole tenant to a restore point the way an approved restore does (freeze, build the next
    /// generation, switch). Returns the number of records the new generation holds.
    /// </summary>
    public static async Task<long> RestoreSnapshotAsync(IServiceProvider services, SnapshotManifest manifest, CancellationToken cancellationToken)
    {
        var execution = services.GetRequiredService<RestoreExecution>();
        var now = TimeProvider.System.GetUtcNow();
        var request = new RestoreRequest($"rs-bench-{Guid.NewGuid():N}"[..20], manifest.TenantId, RestoreScope.Tenant, null, [], manifest.RestorePointId, null,
            manifest.Position, "Benchmark of a whole-tenant restore.", "system:bench", now, RestoreStatus.Running, null);

        var frozen = await execution.FreezeAsync(manifest.TenantId, request.Id, cancellationToken);
        var built = await execution.BuildAsync(request, frozen, now, request.RequestedBy, cancellationToken);
        if (!await execution.SwitchAsync(manifest.TenantId, request.Id, frozen, built.LastSequence, cancellationToken))
        {
            throw new InvalidOperationException("The restore did not switch generations.");
        }
        return manifest.RecordCount;
    }
}
