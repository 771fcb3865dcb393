using Azure;
using Azure.Data.Tables;
using DataGovernance.Monitoring;
using DataGovernance.Storage;
using DataGovernance.Tenancy;

namespace DataGovernance.Backup;

/// <summary>
/// Disaster-recovery readiness per tenant, and its monitoring: the last status seen is kept (BackupPolicies
/// table, partition <c>readiness</c>), and a <see cref="BackupAlerts.Readiness"/> alert is raised when a tenant
/// goes from meeting its objectives to breaching them, not again while it stays breached.
/// </summary>
public sealed class ReadinessService(
    BackupPolicyStore policies,
    RestorePointStore restorePoints,
    DrillStore drills,
    TenantStore tenants,
    AlertStore alerts,
    HubStorage storage,
    TimeProvider clock)
{
    private const string StatePartition = "readiness";

    private TableClient States => storage.Primary.Table(StorageNames.BackupPoliciesTable);

    public async Task<BackupReadiness> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        return await AssessAsync(tenantId, tenant?.CreatedAt ?? clock.GetUtcNow(), (await policies.GetAsync(tenantId, cancellationToken)).Policy, cancellationToken);
    }

    /// <summary>Assesses the tenant and records its status; true when that raised an alert (a change from not breached to breached).</summary>
    public async Task<bool> MonitorAsync(Tenant tenant, BackupPolicy policy, CancellationToken cancellationToken)
    {
        var readiness = await AssessAsync(tenant.Id, tenant.CreatedAt, policy, cancellationToken);
        var previous = await States.GetEntityIfExistsAsync<TableEntity>(StatePartition, tenant.Id, cancellationToken: cancellationToken);
        var wasBreached = previous.HasValue && previous.Value!.GetString("Status") == nameof(ReadinessStatus.Breached);
        var isBreached = readiness.Status == ReadinessStatus.Breached;
        if (previous.HasValue && previous.Value!.GetString("Status") == readiness.Status.ToString())
        {
            return false;
        }
        var state = new TableEntity(StatePartition, tenant.Id)
        {
            ["Status"] = readiness.Status.ToString(),
            ["Gaps"] = string.Join(",", readiness.Gaps.Select(gap => gap.Code)),
            ["ChangedAt"] = readiness.EvaluatedAt,
        };
        try
        {
            // Conditional, so that of two schedulers seeing the same change only one raises the alert.
            if (previous.HasValue)
            {
                await States.UpdateEntityAsync(state, previous.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
            }
            else
            {
                await States.AddEntityAsync(state, cancellationToken);
            }
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            return false;
        }
        if (!isBreached || wasBreached)
        {
            return false;
        }
        var breaches = readiness.Gaps.Where(gap => gap.Breach).ToList();
        await alerts.RaiseAsync(tenant.Id, BackupAlerts.Readiness, AlertSeverity.Critical, string.Join(",", breaches.Select(gap => gap.Code)),
            $"Recovery objectives breached: {string.Join(" ", breaches.Select(gap => gap.Message))}", cancellationToken);
        return true;
    }

    private async Task<BackupReadiness> AssessAsync(string tenantId, DateTimeOffset tenantCreatedAt, BackupPolicy policy, CancellationToken cancellationToken)
    {
        var points = await restorePoints.ListAsync(tenantId, cancellationToken);
        var recent = await drills.ListAsync(tenantId, 20, cancellationToken);
        return ReadinessRules.Assess(tenantId, tenantCreatedAt, policy, points, recent, clock.GetUtcNow());
    }
}
