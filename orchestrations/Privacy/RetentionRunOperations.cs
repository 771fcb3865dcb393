using DataGovernance.Outcomes;
using DataGovernance.Privacy;
using DataGovernance.Security;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Privacy;

/// <summary>Opens retention runs and starts their orchestrations.</summary>
public sealed class RetentionRunOperations(RetentionRunService runs, DurableTaskClient client, IOptions<RetentionOptions> options, TimeProvider clock)
{
    public static string InstanceId(string tenantId, string runId) => $"retention:{tenantId}:{runId}";

    public async Task<Result<RetentionRun>> StartAsync(string tenantId, RetentionRunRequest request, Actor requester, CancellationToken cancellationToken) =>
        await ScheduleAsync(tenantId, await runs.OpenAsync(tenantId, request, requester, cancellationToken), cancellationToken);

    /// <summary>Starts the run of a scheduled occurrence; false when it was started before or another run is under way.</summary>
    public async Task<bool> StartScheduledAsync(string tenantId, DateTimeOffset occurrence, CancellationToken cancellationToken) =>
        (await ScheduleAsync(tenantId, await runs.OpenScheduledAsync(tenantId, occurrence, cancellationToken), cancellationToken)).Succeeded;

    private async Task<Result<RetentionRun>> ScheduleAsync(string tenantId, Result<RetentionRun> opened, CancellationToken cancellationToken)
    {
        if (!opened.Succeeded)
        {
            return opened;
        }
        var run = opened.Value;
        var input = new RetentionRunInput(tenantId, run.Id, run.DryRun, run.AsOf, options.Value.BatchSize);
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(RetentionRunOrchestration), input,
                StartOrchestrationOptions.ForTenant(tenantId, InstanceId(tenantId, run.Id)), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // A run that never started must not block the next one as "under way".
            await runs.FailAsync(tenantId, run.Id, "The run could not be started.", clock.GetUtcNow(), CancellationToken.None);
            throw;
        }
        return run;
    }
}
