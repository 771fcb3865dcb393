using DataGovernance.Imports;
using DataGovernance.Outcomes;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Imports;

/// <summary>Starts the commits and rollbacks of import batches as orchestrations.</summary>
public sealed class ImportOperations(ImportService imports, ImportBatchStore batches, DurableTaskClient client, IOptions<ImportOptions> options)
{
    /// <summary>Tenant-scoped and unique per attempt: the batch's version changes whenever a run begins.</summary>
    public static string InstanceId(string tenantId, ImportBatch batch, ImportRunKind kind) =>
        $"import:{tenantId}:{batch.Id}:{kind.ToString().ToLowerInvariant()}:{batch.Version}";

    public async Task<Result<string>> StartAsync(string tenantId, string batchId, ImportRunKind kind, bool skipInvalidRows, CancellationToken cancellationToken)
    {
        var begun = await imports.BeginAsync(tenantId, batchId, kind, skipInvalidRows, cancellationToken);
        if (!begun.Succeeded)
        {
            return begun.Failure;
        }
        var instanceId = InstanceId(tenantId, begun.Value, kind);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ImportOrchestration),
                new ImportRunInput(tenantId, batchId, kind, options.Value.ReplacedGenerationGrace),
                StartOrchestrationOptions.ForTenant(tenantId, instanceId), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A run that never started must not leave the batch looking busy.
            await batches.UpdateAsync(tenantId, batchId, batch => batch with
            {
                Status = kind == ImportRunKind.Commit ? ImportStatus.Failed : ImportStatus.Committed, FailureReason = "The run could not be started.",
            }, CancellationToken.None);
            throw;
        }
        return instanceId;
    }
}
