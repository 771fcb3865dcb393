using DataGovernance.Backup;
using DataGovernance.Outcomes;
using DataGovernance.Security;
using Microsoft.Extensions.Options;

namespace DataGovernance.Orchestrations.Backup;

/// <summary>Starts restores as orchestrations and hands them the second administrator's decision.</summary>
public sealed class RestoreOperations(RestoreService restores, DurableTaskClient client, IOptions<BackupOptions> options)
{
    public static string InstanceId(string tenantId, string restoreId) => $"restore:{tenantId}:{restoreId}";

    public async Task<Result<RestoreRequest>> RequestAsync(string tenantId, RestoreRequestBody body, Actor requester, CancellationToken cancellationToken) =>
        await StartAsync(await restores.RequestAsync(tenantId, body, requester, cancellationToken), cancellationToken);

    public async Task<Result<RestoreRequest>> RequestUndoAsync(string tenantId, string restoreId, string? reason, Actor requester, CancellationToken cancellationToken) =>
        await StartAsync(await restores.RequestUndoAsync(tenantId, restoreId, reason, requester, cancellationToken), cancellationToken);

    public async Task<Result<RestoreRequest>> DecideAsync(string tenantId, string restoreId, bool approve, string? comment, Caller caller, CancellationToken cancellationToken)
    {
        var decision = await restores.DecideAsync(tenantId, restoreId, approve, comment, caller, cancellationToken);
        if (!decision.Succeeded)
        {
            return decision.Failure;
        }
        await client.RaiseEventAsync(InstanceId(tenantId, restoreId), RestoreOrchestration.DecisionEvent, decision.Value, cancellationToken);
        return await restores.GetAsync(tenantId, restoreId, cancellationToken);
    }

    private async Task<Result<RestoreRequest>> StartAsync(Result<RestoreRequest> request, CancellationToken cancellationToken)
    {
        if (request.Succeeded)
        {
            var (tenantId, restoreId) = (request.Value.TenantId, request.Value.Id);
            var input = new RestoreInput(tenantId, restoreId, options.Value.ApprovalTimeout, options.Value.ReplacedGenerationGrace);
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(RestoreOrchestration), input, StartOrchestrationOptions.ForTenant(tenantId, InstanceId(tenantId, restoreId)), cancellationToken);
        }
        return request;
    }
}
