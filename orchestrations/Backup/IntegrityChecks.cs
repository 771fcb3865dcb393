using DataGovernance.Backup;
using DataGovernance.Tenancy;

namespace DataGovernance.Orchestrations.Backup;

/// <summary>Starts integrity checks: on demand for one tenant, and daily for every tenant with restore points.</summary>
public sealed class IntegrityChecks(DurableTaskClient client, TenantStore tenants, RestorePointStore restorePoints, TimeProvider clock)
{
    public const string FunctionName = "CheckBackupIntegrity";
    public const string Schedule = "0 0 4 * * *";

    public async Task<string> StartAsync(string tenantId, CancellationToken cancellationToken)
    {
        var instanceId = $"integrity:{tenantId}:{clock.GetUtcNow():yyyyMMddHHmmssfff}";
        return await client.ScheduleNewOrchestrationInstanceAsync(nameof(IntegrityCheckOrchestration), tenantId,
            StartOrchestrationOptions.ForTenant(tenantId, instanceId), cancellationToken);
    }

    public async Task StartForAllTenantsAsync(CancellationToken cancellationToken)
    {
        string? token = null;
        do
        {
            var (page, next) = await tenants.ListAsync(TenantStatus.Active, 200, token, cancellationToken);
            foreach (var tenant in page)
            {
                if ((await restorePoints.ListAsync(tenant.Id, cancellationToken)).Count > 0)
                {
                    await StartAsync(tenant.Id, cancellationToken);
                }
            }
            token = next;
        }
        while (token is not null);
    }
}
