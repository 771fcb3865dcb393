using DataGovernance.Imports;
using DataGovernance.Orchestrations.Classification;
using DataGovernance.Storage;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Imports;

/// <summary>
/// Ends import runs that will not finish on their own: the run's own failure path, and a sweep (every few minutes) for
/// runs whose orchestration stopped without it — terminated by an operator, failed in the engine, or never started.
/// Ending a run removes what it wrote and lifts its freeze, or, when its switch happened after all, records it as done.
/// </summary>
public sealed partial class ImportRunEnding(
    ImportBatchStore batches, ImportExecution execution, RescanOperations rescans, DurableTaskClient client, TimeProvider clock, ILogger<ImportRunEnding> logger)
{
    public const string FunctionName = "EndStoppedImportRuns";

    public const string Schedule = "0 */5 * * * *";

    /// <summary>A run younger than this may still be starting; the sweep leaves it alone.</summary>
    public static readonly TimeSpan StartingTime = TimeSpan.FromMinutes(5);

    public async Task<EndedImportRun> EndAsync(string tenantId, string batchId, string runId, string reason, CancellationToken cancellationToken)
    {
        var batch = (await batches.GetAsync(tenantId, batchId, cancellationToken))?.Batch;
        if (batch is null || !batch.IsInRun(runId))
        {
            return new EndedImportRun(batch?.Status ?? ImportStatus.Failed, false);
        }
        var run = batch.Run!;
        var switched = await execution.AbandonAsync(tenantId, batch, run, cancellationToken);
        var now = clock.GetUtcNowForStorage();
        var done = await batches.UpdateAsync(tenantId, batchId, current => !current.IsInRun(runId) ? current : (run.Kind, switched) switch
        {
            (ImportRunKind.Commit, true) => current with { Status = ImportStatus.Committed, CommittedAt = now },
            (ImportRunKind.Commit, false) => current with { Status = ImportStatus.Failed, FailureReason = reason },
            (_, true) => current with { Status = ImportStatus.RolledBack, RolledBackAt = now },
            // The rollback removed nothing: the batch stays committed, with why the rollback failed.
            _ => current with { Status = ImportStatus.Committed, FailureReason = reason },
        }, cancellationToken);
        return new EndedImportRun(done!.Status, switched);
    }

    /// <summary>The sweep: ends every run past its starting time whose orchestration is missing or finished.</summary>
    public async Task<int> EndStoppedRunsAsync(CancellationToken cancellationToken)
    {
        var ended = 0;
        await foreach (var (tenantId, batch) in batches.InRunAsync(cancellationToken))
        {
            if (batch.Run is not { } run || clock.GetUtcNow() - run.RequestedAt < StartingTime)
            {
                continue;
            }
            var instance = await client.GetInstanceAsync(ImportOperations.InstanceId(tenantId, batch.Id, run), cancellation: cancellationToken);
            if (instance is null || instance.IsCompleted)
            {
                var reason = instance is null ? "The run never started." : $"The run stopped ({instance.RuntimeStatus}) before it finished; the records are as they were before it.";
                var end = await EndAsync(tenantId, batch.Id, run.Id, reason, cancellationToken);
                LogEnded(tenantId, batch.Id, run.Id, end.Status);
                if (end.Switched)
                {
                    // What the stopped run would have done after its switch; the replaced generation's readers had the starting time to finish.
                    await rescans.TryStartAsync(tenantId, cancellationToken);
                    await execution.DeleteReplacedAsync(tenantId, run.FromGeneration, cancellationToken);
                }
                ended++;
            }
        }
        return ended;
    }

    [LoggerMessage(EventId = 4451, Level = LogLevel.Warning, Message = "Ended stopped import run {RunId} of batch {BatchId} (tenant {TenantId}): {Status}")]
    private partial void LogEnded(string tenantId, string batchId, string runId, ImportStatus status);
}

/// <summary>How an ended run left the batch, and whether its switch had happened after all.</summary>
public sealed record EndedImportRun(ImportStatus Status, bool Switched);
