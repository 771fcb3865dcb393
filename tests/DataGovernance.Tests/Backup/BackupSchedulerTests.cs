using DataGovernance.Backup;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Backup;

/// <summary>The every-minute scheduler: one backup per due occurrence of a tenant's schedule, and none for a disabled policy.</summary>
public sealed class BackupSchedulerTests(HubFixture hub)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IServiceProvider Services => hub.App.Services;

    private BackupPolicyStore Policies => Services.GetRequiredService<BackupPolicyStore>();

    [Fact]
    public async Task DueOccurrence_StartsOneScheduledBackup_AndRunningAgainStartsNoOther()
    {
        var tenant = await hub.CreateTenantAsync();
        await Services.SeedControlsAsync(tenant, 3);
        var occurrence = await StorePolicyDueSinceYesterdayAsync(tenant, enabled: true);

        await RunSchedulerAsync();

        var instance = Assert.Single(await BackupInstancesAsync(tenant));
        Assert.Equal(BackupOperations.BackupInstanceId(tenant, $"rp-{occurrence:yyyyMMdd-HHmmss}-sched"), instance.InstanceId);
        Assert.Equal(occurrence, (await Policies.GetAsync(tenant, Ct)).LastScheduledBackup);
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            deadline.CancelAfter(TimeSpan.FromSeconds(90));
            var finished = await Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(instance.InstanceId, cancellation: deadline.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);
        }
        var point = Assert.Single(await RestorePointsAsync(tenant));
        Assert.Equal(RestorePointKind.Scheduled, point.Kind);
        Assert.Equal(3, point.RecordCount);

        await RunSchedulerAsync();
        Assert.Single(await BackupInstancesAsync(tenant));

        // Even when the scheduler's note of the occurrence is lost (a crash after the start), the occurrence is not backed up twice.
        await Policies.SaveAsync((await Policies.GetAsync(tenant, Ct)) with { LastScheduledBackup = occurrence.AddDays(-1) }, Ct);
        await RunSchedulerAsync();
        Assert.Single(await BackupInstancesAsync(tenant));
        Assert.Single(await RestorePointsAsync(tenant));
    }

    [Fact]
    public async Task DisabledPolicy_StartsNoBackup()
    {
        var tenant = await hub.CreateTenantAsync();
        await StorePolicyDueSinceYesterdayAsync(tenant, enabled: false);
        var before = (await Policies.GetAsync(tenant, Ct)).LastScheduledBackup;

        await RunSchedulerAsync();

        Assert.Empty(await BackupInstancesAsync(tenant));
        Assert.Empty(await RestorePointsAsync(tenant));
        Assert.Equal(before, (await Policies.GetAsync(tenant, Ct)).LastScheduledBackup);
    }

    [Fact]
    public async Task NewTenant_FirstRunOnlyNotesTheLatestOccurrence()
    {
        var tenant = await hub.CreateTenantAsync();

        await RunSchedulerAsync();

        Assert.Empty(await BackupInstancesAsync(tenant));
        var stored = await Policies.GetAsync(tenant, Ct);
        Assert.Equal(BackupScheduler.LastOccurrence(stored.Policy.Schedule, DateTimeOffset.UtcNow), stored.LastScheduledBackup);
    }

    /// <summary>Stores the default daily policy as if its last backup ran the day before its latest occurrence.</summary>
    private async Task<DateTimeOffset> StorePolicyDueSinceYesterdayAsync(string tenant, bool enabled)
    {
        var stored = Policies.DefaultFor(tenant);
        var occurrence = BackupScheduler.LastOccurrence(stored.Policy.Schedule, DateTimeOffset.UtcNow)!.Value;
        await Policies.SaveAsync(stored with { Policy = stored.Policy with { Enabled = enabled }, IsDefault = false, LastScheduledBackup = occurrence.AddDays(-1) }, Ct);
        return occurrence;
    }

    private Task RunSchedulerAsync() => Services.GetRequiredService<BackupScheduler>().RunAsync(Ct);

    private async Task<IReadOnlyList<OrchestrationMetadata>> BackupInstancesAsync(string tenant) =>
        (await Services.GetRequiredService<DurableTaskClient>().GetAllInstancesAsync(
            new OrchestrationQuery(TenantId: tenant, InstanceIdPrefix: BackupOperations.BackupInstanceId(tenant, "")), Ct)).Instances;

    private Task<IReadOnlyList<RestorePoint>> RestorePointsAsync(string tenant) =>
        Services.GetRequiredService<RestorePointStore>().ListAsync(tenant, Ct);
}
