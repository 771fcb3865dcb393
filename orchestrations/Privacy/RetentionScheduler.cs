using DataGovernance.Privacy;
using DataGovernance.Tenancy;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Privacy;

/// <summary>
/// Runs on <see cref="RetentionOptions.Schedule"/> (daily by default), on one instance at a time: starts a real retention
/// run, as of the occurrence, in each active tenant that has an enabled policy. Run ids come from the occurrence, so a
/// repeated trigger does not start a second run.
/// </summary>
public sealed partial class RetentionScheduler(
    TenantStore tenants, RetentionPolicyStore policies, RetentionRunOperations operations, TimeProvider clock, ILogger<RetentionScheduler> logger)
{
    public const string FunctionName = "EnforceRetentionPolicies";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var occurrence = new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero);
        string? token = null;
        do
        {
            var (page, next) = await tenants.ListAsync(TenantStatus.Active, 200, token, cancellationToken);
            foreach (var tenant in page)
            {
                await StartForTenantAsync(tenant.Id, occurrence, cancellationToken);
            }
            token = next;
        }
        while (token is not null);
    }

    /// <summary>The scheduled run of one tenant for one occurrence; false when the tenant has no enabled policy or the run exists.</summary>
    public async Task<bool> StartForTenantAsync(string tenantId, DateTimeOffset occurrence, CancellationToken cancellationToken)
    {
        await foreach (var _ in policies.EnabledAsync(tenantId, cancellationToken))
        {
            if (await operations.StartScheduledAsync(tenantId, occurrence, cancellationToken))
            {
                LogStarted(tenantId, occurrence);
                return true;
            }
            return false;
        }
        return false;
    }

    [LoggerMessage(EventId = 4211, Level = LogLevel.Information, Message = "Started the scheduled retention run of tenant {TenantId} for {Occurrence}")]
    private partial void LogStarted(string tenantId, DateTimeOffset occurrence);
}
