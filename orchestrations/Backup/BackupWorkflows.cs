using DataGovernance.Orchestrations.Engine;
using DataGovernance.Runtime;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Orchestrations.Backup;

public static class BackupWorkflows
{
    public static IServiceCollection AddBackupWorkflows(this IServiceCollection services)
    {
        services.AddDurableTasks(registry => registry
            .AddOrchestrator<BackupOrchestration>()
            .AddOrchestrator<ReplicationOrchestration>()
            .AddActivity<TakeSnapshot>()
            .AddActivity<VerifySnapshot>()
            .AddActivity<CheckReplicationAllowed>()
            .AddActivity<ReplicateSnapshot>()
            .AddActivity<RecordRestorePoint>()
            .AddActivity<UpdateReplication>()
            .AddActivity<ApplyRetention>()
            .AddOrchestrator<IntegrityCheckOrchestration>()
            .AddActivity<ListRestorePointIds>()
            .AddActivity<CheckRestorePointIntegrity>()
            .AddOrchestrator<RestoreOrchestration>()
            .AddActivity<AssessRestore>()
            .AddActivity<CloseRestore>()
            .AddActivity<FreezeRecords>()
            .AddActivity<TakeBeforeRestoreSnapshot>()
            .AddActivity<BuildGeneration>()
            .AddActivity<SwitchGeneration>()
            .AddActivity<CompleteRestore>()
            .AddActivity<AbandonRestore>()
            .AddActivity<DeleteReplacedGeneration>()
            .AddOrchestrator<DrillOrchestration>()
            .AddActivity<CheckDrillManifest>()
            .AddActivity<RestoreIntoScratch>()
            .AddActivity<VerifyScratch>()
            .AddActivity<DiscardScratch>()
            .AddActivity<RecordDrillReport>());
        services.AddSingleton<RestoreOperations>();
        services.AddSingleton<BackupOperations>();
        services.AddSingleton<DrillOperations>();
        services.AddSingleton<BackupScheduler>();
        services.AddFunction(FunctionDefinition.Timer(BackupScheduler.FunctionName, BackupScheduler.Schedule,
            (_, scope, ct) => scope.GetRequiredService<BackupScheduler>().RunAsync(ct)));
        services.AddFunction(FunctionDefinition.Timer(IntegrityChecks.FunctionName, IntegrityChecks.Schedule,
            (_, scope, ct) => scope.GetRequiredService<IntegrityChecks>().StartForAllTenantsAsync(ct)));
        services.AddSingleton<IntegrityChecks>();
        return services;
    }
}
