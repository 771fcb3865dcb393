using DataGovernance.Classification;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Classification;

/// <summary>
/// Starts re-scans of a tenant's records as orchestrations, one at a time per tenant: the instance id is the tenant's, so
/// asking while one is pending or running answers that one, and asking after it finished starts it again.
/// </summary>
public sealed partial class RescanOperations(DurableTaskClient client, ILogger<RescanOperations> logger)
{
    /// <summary>Chunks classified at the same time: enough to overlap storage round trips, few enough to leave the queue workers room.</summary>
    public const int Parallelism = 4;

    private const int StartAttempts = 3;

    public static string InstanceId(string tenantId) => $"classification-rescan:{tenantId}";

    /// <summary>Starts a re-scan of every record of the tenant, unless one is under way; returns the orchestration's instance id.</summary>
    public async Task<string> StartAsync(string tenantId, CancellationToken cancellationToken)
    {
        var instanceId = InstanceId(tenantId);
        var input = new RescanInput(tenantId, ClassificationRescan.DefaultChunkSize, Parallelism);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await client.ScheduleNewOrchestrationInstanceAsync(nameof(RescanOrchestration), input,
                    StartOrchestrationOptions.ForTenant(tenantId, instanceId), cancellationToken);
            }
            catch (InvalidOperationException) when (attempt < StartAttempts)
            {
                // The engine refuses an id whose instance has not finished; one that finished since is started again.
                if (await client.GetInstanceAsync(instanceId, cancellation: cancellationToken) is { } current && !current.RuntimeStatus.IsTerminal())
                {
                    return instanceId;
                }
            }
        }
    }

    /// <summary>
    /// <see cref="StartAsync"/> after a change that is already applied: a failure to start is logged and answered with null,
    /// since failing the change would not undo it and a re-scan can be started by hand.
    /// </summary>
    public async Task<string?> TryStartAsync(string tenantId, CancellationToken cancellationToken)
    {
        try
        {
            return await StartAsync(tenantId, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            RescanNotStarted(logger, ex, tenantId);
            return null;
        }
    }

    [LoggerMessage(EventId = 9705, Level = LogLevel.Warning,
        Message = "Could not start the classification re-scan of tenant {TenantId}; start one with POST /api/tenants/{TenantId}/classification/rescans")]
    private static partial void RescanNotStarted(ILogger logger, Exception exception, string tenantId);
}
