using DataGovernance.Backup;

namespace DataGovernance.Orchestrations.Backup;

public sealed class CheckDrillManifest(DrillService drills) : TaskActivity<DrillPlan, ManifestCheck>
{
    public override Task<ManifestCheck> RunAsync(TaskActivityContext context, DrillPlan input) =>
        drills.CheckManifestAsync(input, context.CancellationToken);
}

public sealed class RestoreIntoScratch(DrillService drills) : TaskActivity<DrillCollectionInput, CollectionRestore>
{
    public override Task<CollectionRestore> RunAsync(TaskActivityContext context, DrillCollectionInput input) =>
        drills.RestoreCollectionAsync(input.Plan, input.Collection, context.CancellationToken);
}

public sealed class VerifyScratch(DrillService drills) : TaskActivity<DrillVerifyInput, CollectionCheck>
{
    public override Task<CollectionCheck> RunAsync(TaskActivityContext context, DrillVerifyInput input) =>
        drills.VerifyCollectionAsync(input.Plan, input.Restored, context.CancellationToken);
}

public sealed class DiscardScratch(DrillService drills) : TaskActivity<DrillPlan, long>
{
    public override Task<long> RunAsync(TaskActivityContext context, DrillPlan input) =>
        drills.DiscardScratchAsync(input, context.CancellationToken);
}

public sealed class RecordDrillReport(DrillService drills) : TaskActivity<DrillResult, RestoreDrill>
{
    public override Task<RestoreDrill> RunAsync(TaskActivityContext context, DrillResult input) =>
        drills.RecordAsync(input, context.CancellationToken);
}
