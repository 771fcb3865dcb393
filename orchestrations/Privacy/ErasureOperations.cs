using DataGovernance.Outcomes;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Security;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Privacy;

/// <summary>Starts (or resumes) erasures as orchestrations and hands them the approver's decision.</summary>
public sealed class ErasureOperations(ErasureService erasures, ErasureExecution execution, DurableTaskClient client, IOptions<ErasureOptions> options)
{
    public static string InstanceId(string tenantId, string requestId) => $"erasure:{tenantId}:{requestId}";

    public async Task<Result<Erasure>> StartAsync(string tenantId, string requestId, Caller caller, WriteContext context, CancellationToken cancellationToken)
    {
        var instanceId = InstanceId(tenantId, requestId);
        var previous = await client.GetInstanceAsync(instanceId, cancellation: cancellationToken);
        var stopped = previous?.RuntimeStatus is OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated;
        var running = previous is not null && !previous.RuntimeStatus.IsTerminal();
        var started = await erasures.StartAsync(tenantId, requestId, stopped, running, context, cancellationToken);
        if (!started.Succeeded)
        {
            return started.Failure;
        }
        if (started.Value.Start)
        {
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(ErasureOrchestration),
                    new ErasureInput(tenantId, requestId, options.Value.ApprovalTimeout), StartOrchestrationOptions.ForTenant(tenantId, instanceId), cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // An erasure that never started must not show as under way: it shows Failed and can be started again.
                await execution.FailAsync(tenantId, requestId, "The erasure could not be started; start it again.", CancellationToken.None);
                throw;
            }
        }
        return await erasures.GetAsync(tenantId, requestId, caller.Actor, cancellationToken);
    }

    public async Task<Result<Erasure>> DecideAsync(
        string tenantId, string requestId, ErasureDecisionInput body, Caller caller, WriteContext context, CancellationToken cancellationToken)
    {
        var decision = await erasures.DecideAsync(tenantId, requestId, body, caller, context, cancellationToken);
        if (!decision.Succeeded)
        {
            return decision.Failure;
        }
        await client.RaiseEventAsync(InstanceId(tenantId, requestId), ErasureDecision.EventName, decision.Value, cancellationToken);
        return await erasures.GetAsync(tenantId, requestId, caller.Actor, cancellationToken);
    }
}
