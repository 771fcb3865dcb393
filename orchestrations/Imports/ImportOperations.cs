using DataGovernance.Imports;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Imports;

/// <summary>Starts the commits and rollbacks of import batches as orchestrations.</summary>
public sealed class ImportOperations(ImportService imports, ImportRunEnding ending, DurableTaskClient client, IOptions<ImportOptions> options)
{
    /// <summary>Tenant-scoped and unique per run.</summary>
    public static string InstanceId(string tenantId, string batchId, ImportRun run) =>
        $"import:{tenantId}:{batchId}:{run.Kind.ToString().ToLowerInvariant()}:{run.Id}";

    public async Task<Result<string>> StartAsync(
        string tenantId, string batchId, ImportRunKind kind, bool skipInvalidRows, Actor actor, CancellationToken cancellationToken)
    {
        var begun = await imports.BeginAsync(tenantId, batchId, kind, skipInvalidRows, actor, cancellationToken);
        if (!begun.Succeeded)
        {
            return begun.Failure;
        }
        var run = begun.Value.Run!;
        var instanceId = InstanceId(tenantId, batchId, run);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(ImportOrchestration),
                new ImportRunInput(tenantId, batchId, run.Id, options.Value.ReplacedGenerationGrace),
                StartOrchestrationOptions.ForTenant(tenantId, instanceId), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A run that never started must not leave the batch looking busy.
            await ending.EndAsync(tenantId, batchId, run.Id, "The run could not be started.", CancellationToken.None);
            throw;
        }
        return instanceId;
    }
}
