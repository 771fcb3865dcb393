using DataGovernance.Backup;
using DataGovernance.Outcomes;

namespace DataGovernance.Orchestrations.Backup;

/// <summary>Starts restore drills as orchestrations with deterministic, tenant-scoped instance ids.</summary>
public sealed class DrillOperations(DurableTaskClient client, DrillService drills, RestorePointStore restorePoints, TimeProvider clock)
{
    public static string InstanceId(string tenantId, string drillId) => $"drill:{tenantId}:{drillId}";

    /// <summary>A drill now, of the given restore point or the newest; returns the orchestration's instance id.</summary>
    public async Task<Result<string>> StartDrillAsync(string tenantId, string? restorePointId, string requestedBy, CancellationToken cancellationToken)
    {
        var plan = await drills.PlanAsync(tenantId, RestoreDrill.NewId(clock.GetUtcNow()), restorePointId, DrillTrigger.OnDemand, requestedBy, cancellationToken);
        return plan.Succeeded ? await StartAsync(plan.Value, cancellationToken) : plan.Failure;
    }

    /// <summary>The drill of one schedule occurrence; false when it was started before or there is nothing to drill yet.</summary>
    public async Task<bool> StartScheduledDrillAsync(string tenantId, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        var drillId = RestoreDrill.ScheduledId(occurrence);
        if (await client.GetInstanceAsync(InstanceId(tenantId, drillId), cancellation: cancellationToken) is not null
            || (await restorePoints.ListAsync(tenantId, cancellationToken)).Count == 0)
        {
            return false;
        }
        var plan = await drills.PlanAsync(tenantId, drillId, null, DrillTrigger.Scheduled, "scheduler", cancellationToken);
        if (!plan.Succeeded)
        {
            return false;
        }
        try
        {
            await StartAsync(plan.Value, cancellationToken);
            return true;
        }
        catch (InvalidOperationException)
        {
            return false; // started meanwhile by another instance's scheduler
        }
    }

    private Task<string> StartAsync(DrillPlan plan, CancellationToken cancellationToken) =>
        client.ScheduleNewOrchestrationInstanceAsync(nameof(DrillOrchestration), plan,
            StartOrchestrationOptions.ForTenant(plan.TenantId, InstanceId(plan.TenantId, plan.DrillId)), cancellationToken);
}
