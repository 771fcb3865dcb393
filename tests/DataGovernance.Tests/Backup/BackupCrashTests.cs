using System.Text.Json;
using DataGovernance.Backup;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Backup;
using DataGovernance.Orchestrations.Engine;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace DataGovernance.Tests.Backup;

/// <summary>
/// Backups and restores run by a worker process (the hub's own workflows) that is killed with SIGKILL halfway,
/// on storage of their own in both regions. The test process only reads, requests and approves.
/// </summary>
public sealed class BackupCrashTests : IAsyncLifetime
{
    private const int OldRecords = 1500;
    private const int NewerRecords = 1500;

    private AzuriteProcess _primary = null!;
    private AzuriteProcess _secondary = null!;
    private WorkerProcess _worker = null!;
    private ServiceProvider _services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        var primary = AzuriteProcess.StartAsync("crash-primary");
        var secondary = AzuriteProcess.StartAsync("crash-secondary");
        (_primary, _secondary) = (await primary, await secondary);
        var taskHub = $"Crash{Guid.NewGuid():N}"[..16];
        _worker = new WorkerProcess(_primary.ConnectionString, taskHub, "hub-worker", _secondary.ConnectionString);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = _primary.ConnectionString,
            ["Hub:SecondaryStorage"] = _secondary.ConnectionString,
            ["Hub:Durable:TaskHub"] = taskHub,
        }).Build();
        // Clients and stores only: the engine's listeners are hosted services, which nothing starts in this process.
        _services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging()
            .AddDataGovernanceCore().AddDataGovernanceWorkflows().BuildServiceProvider();
        await _services.GetServices<IHostedService>().OfType<StorageInitializer>().Single().StartAsync(Ct);
        await _worker.StartAsync();
        var largeMessages = _services.GetRequiredService<HubStorage>().Primary.Container(_services.GetRequiredService<TaskHubNames>().LargeMessagesContainer);
        await Eventually.TrueAsync(async () => await largeMessages.ExistsAsync(Ct), TimeSpan.FromSeconds(30), "The worker did not create its task hub.");
    }

    public async ValueTask DisposeAsync()
    {
        await _worker.DisposeAsync();
        await _services.DisposeAsync();
        await _secondary.DisposeAsync();
        await _primary.DisposeAsync();
    }

    [Fact]
    public async Task Backup_KilledMidway_NeverListsAPartialRestorePoint_AndCompletesAfterRestart()
    {
        var tenant = $"t-crash-{Guid.NewGuid():N}"[..20];
        await _services.SeedControlsAsync(tenant, OldRecords);
        var client = _services.GetRequiredService<DurableTaskClient>();
        var restorePoints = _services.GetRequiredService<RestorePointStore>();
        var storage = _services.GetRequiredService<BackupStorage>();

        var instanceId = await _services.GetRequiredService<BackupOperations>().StartBackupAsync(tenant, Ct);
        await Eventually.TrueAsync(async () => (await client.GetInstanceAsync(instanceId, cancellation: Ct))?.SerializedCustomStatus?.Contains("snapshot") == true,
            TimeSpan.FromSeconds(60), "The backup never reached its snapshot.");
        await _worker.KillAsync();

        Assert.Empty(await restorePoints.ListAsync(tenant, Ct));
        await _worker.StartAsync();
        var finished = await client.WaitForInstanceCompletionAsync(instanceId, cancellation: Ct);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, finished.RuntimeStatus);

        var point = Assert.Single(await restorePoints.ListAsync(tenant, Ct));
        Assert.Equal(OldRecords, point.RecordCount);
        var manifest = await storage.Primary.GetManifestAsync(tenant, point.Id, Ct);
        Assert.NotNull(manifest);
        Assert.Empty(await SnapshotReader.CheckAsync(storage.Primary, manifest, Ct));
    }

    /// <summary>Where a restore is killed: mid-build always; with <c>./hub test --long</c> also at every other step.</summary>
    public static TheoryData<string> KillPoints =>
        Environment.GetEnvironmentVariable("HUB_TEST_LONG") == "1" ? ["snapshot", "build", "switch", "cleanup"] : ["build"];

    [Theory]
    [MemberData(nameof(KillPoints))]
    public async Task Restore_IsAllOrNothing_WhenTheWorkerIsKilledMidway(string killAt)
    {
        var tenant = $"t-crash-{Guid.NewGuid():N}"[..20];
        await _services.SeedControlsAsync(tenant, OldRecords, "OLD");
        var moment = DateTimeOffset.UtcNow;
        await Task.Delay(50, Ct);
        await _services.SeedControlsAsync(tenant, NewerRecords, "NEW");
        var records = _services.GetRequiredService<RecordStore>();
        var headBefore = await records.GetHeadAsync(tenant, Ct);

        using var stopReading = new CancellationTokenSource();
        var observed = new HashSet<int>();
        var reader = Task.Run(async () =>
        {
            while (!stopReading.IsCancellationRequested)
            {
                observed.Add(await CountVisibleAsync(tenant));
                await Task.Delay(20, CancellationToken.None);
            }
        }, CancellationToken.None);

        var operations = _services.GetRequiredService<RestoreOperations>();
        var restores = _services.GetRequiredService<RestoreService>();
        var requested = await operations.RequestAsync(tenant,
            new RestoreRequestBody("tenant", null, null, null, moment, "Undo the bulk import of newer controls."), new Actor("user:owner-1"), Ct);
        Assert.True(requested.Succeeded, requested.Succeeded ? null : requested.Failure.Detail);
        var restoreId = requested.Value.Id;
        await Eventually.TrueAsync(async () => (await restores.RequireAsync(tenant, restoreId, Ct)).Status == RestoreStatus.AwaitingApproval,
            TimeSpan.FromSeconds(60), "The restore was never assessed.");
        var impact = (await restores.RequireAsync(tenant, restoreId, Ct)).Impact!;
        Assert.Equal(NewerRecords, impact.Delete);
        var approved = await operations.DecideAsync(tenant, restoreId, true, null, Caller.ForUser("admin-2", tenant, [Role.Admin]), Ct);
        Assert.True(approved.Succeeded);

        await KillDuringAsync(tenant, restoreId, killAt, headBefore.Generation + 1);

        // Whatever the moment, the tenant is entirely old or entirely new.
        var afterKill = await records.GetHeadAsync(tenant, Ct);
        var committedChanges = await _services.GetRequiredService<ChangeLogStore>().ReadRangeAsync(tenant, 0, afterKill.LastSequence, null, null, Ct).CountAsync(Ct);
        Assert.Equal(afterKill.LastSequence, committedChanges);
        if (afterKill.Generation == headBefore.Generation)
        {
            Assert.Equal(headBefore.LastSequence, afterKill.LastSequence);
            Assert.Equal(OldRecords + NewerRecords, await CountVisibleAsync(tenant));
        }
        else
        {
            Assert.Equal(headBefore.Generation + 1, afterKill.Generation);
            Assert.Equal(headBefore.LastSequence + NewerRecords, afterKill.LastSequence);
            Assert.Equal(OldRecords, await CountVisibleAsync(tenant));
        }

        await _worker.StartAsync();
        var instance = RestoreOperations.InstanceId(tenant, restoreId);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!(await restores.RequireAsync(tenant, restoreId, Ct)).IsFinished)
        {
            if (DateTime.UtcNow > deadline)
            {
                var status = await _services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(instance, true, Ct);
                Assert.Fail($"The restore never finished: {status?.RuntimeStatus} {JsonSerializer.Serialize(status?.FailureDetails)}");
            }
            await Task.Delay(100, Ct);
        }
        await stopReading.CancelAsync();
        await reader;

        var outcome = await restores.RequireAsync(tenant, restoreId, Ct);
        Assert.Equal(RestoreStatus.Succeeded, outcome.Status);
        Assert.Equal(OldRecords, await CountVisibleAsync(tenant));
        var after = await records.GetHeadAsync(tenant, Ct);
        Assert.Equal(headBefore.Generation + 1, after.Generation);
        Assert.Equal(headBefore.LastSequence + NewerRecords, after.LastSequence);
        Assert.Null(after.FrozenBy);
        Assert.True(observed.IsSubsetOf([OldRecords + NewerRecords, OldRecords]), $"Readers saw {string.Join(", ", observed)} records.");
    }

    /// <summary>Kills the worker once the restore reaches <paramref name="step"/> (for "build": once the new generation is being written).</summary>
    private async Task KillDuringAsync(string tenant, string restoreId, string step, int nextGeneration)
    {
        if (step == "build")
        {
            var table = _services.GetRequiredService<HubStorage>().Primary.Table(StorageNames.RecordsTable);
            var prefix = RecordRows.GenerationPrefix(nextGeneration);
            await Eventually.TrueAsync(async () => await table.QueryAsync<Azure.Data.Tables.TableEntity>(
                $"PartitionKey eq '{tenant}' and RowKey ge '{prefix}' and RowKey lt '{RowKeys.PrefixEnd(prefix)}'", 1, ["RowKey"], Ct).AnyAsync(Ct),
                TimeSpan.FromSeconds(60), "The restore never began its new generation.");
        }
        else
        {
            // A short step may pass between two polls: kill at it or at any later one.
            string[] steps = ["assess", "await-approval", "freeze", "snapshot", "build", "switch", "cleanup"];
            var client = _services.GetRequiredService<DurableTaskClient>();
            await Eventually.TrueAsync(async () =>
            {
                var status = (await client.GetInstanceAsync(RestoreOperations.InstanceId(tenant, restoreId), cancellation: Ct))?.SerializedCustomStatus ?? "";
                return steps.SkipWhile(candidate => candidate != step).Any(reached => status.Contains($"\"{reached}\"", StringComparison.Ordinal));
            }, TimeSpan.FromSeconds(60), $"The restore never reached its {step} step.");
        }
        await _worker.KillAsync();
    }

    /// <summary>What a reader of the controls sees: the live generation, as the head names it.</summary>
    private async Task<int> CountVisibleAsync(string tenant)
    {
        var records = _services.GetRequiredService<RecordStore>();
        var head = await records.GetHeadAsync(tenant, CancellationToken.None);
        return await records.ScanAsync(tenant, head.Generation, Collections.Controls, CancellationToken.None).CountAsync(CancellationToken.None);
    }
}
