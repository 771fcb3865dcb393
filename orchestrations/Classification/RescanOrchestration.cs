using DataGovernance.Classification;

namespace DataGovernance.Orchestrations.Classification;

/// <param name="ChunkSize">Records per chunk (an activity).</param>
/// <param name="Parallelism">Chunks classified at the same time.</param>
public sealed record RescanInput(string TenantId, int ChunkSize, int Parallelism);

/// <summary>The progress a re-scan publishes as custom status: counts only.</summary>
public sealed record RescanProgress(string Phase, int ChunksDone, int Chunks, int RecordsScanned, int RecordsClassified);

/// <summary>The output of a finished re-scan.</summary>
/// <param name="MapRecounted">Whether the sensitivity map's counts were recounted from the results (false: writes kept getting in between).</param>
public sealed record RescanReport(
    string TenantId, int Chunks, int RecordsScanned, int RecordsClassified, int RecordsUnchanged, int ResultsRemoved, int IndexRowsRemoved, bool MapRecounted);

/// <summary>
/// Re-classifies every record of a tenant: plans chunks of record ids per collection, classifies them in waves of
/// <see cref="RescanInput.Parallelism"/> chunks, then removes the results and index rows of records that no longer exist and
/// recounts the sensitivity map from the results.
/// </summary>
public sealed class RescanOrchestration : TaskOrchestrator<RescanInput, RescanReport>
{
    public override async Task<RescanReport> RunAsync(TaskOrchestrationContext context, RescanInput input)
    {
        context.SetCustomStatus(new RescanProgress("Planning", 0, 0, 0, 0));
        var chunks = await context.CallActivityAsync<RescanChunk[]>(nameof(PlanRescan), input);
        var totals = RescanCounts.None;
        for (var done = 0; done < chunks.Length;)
        {
            var wave = chunks.Skip(done).Take(Math.Max(1, input.Parallelism))
                .Select(chunk => context.CallActivityAsync<RescanCounts>(nameof(ClassifyRecordChunk), new RescanChunkInput(input.TenantId, chunk)))
                .ToList();
            foreach (var counts in await Task.WhenAll(wave))
            {
                totals = totals.Plus(counts);
            }
            done += wave.Count;
            context.SetCustomStatus(new RescanProgress("Classifying", done, chunks.Length, totals.Scanned, totals.Classified));
        }
        context.SetCustomStatus(new RescanProgress("RemovingOrphans", chunks.Length, chunks.Length, totals.Scanned, totals.Classified));
        totals = totals.Plus(await context.CallActivityAsync<RescanCounts>(nameof(RemoveOrphanedClassifications), input.TenantId));
        context.SetCustomStatus(new RescanProgress("RecountingMap", chunks.Length, chunks.Length, totals.Scanned, totals.Classified));
        var recounted = await context.CallActivityAsync<bool>(nameof(RecountSensitivityMap), input.TenantId);
        context.SetCustomStatus(new RescanProgress("Completed", chunks.Length, chunks.Length, totals.Scanned, totals.Classified));
        return new RescanReport(input.TenantId, chunks.Length, totals.Scanned, totals.Classified, totals.Unchanged, totals.ResultsRemoved, totals.IndexRowsRemoved,
            recounted);
    }
}

public sealed record RescanChunkInput(string TenantId, RescanChunk Chunk);

public sealed class PlanRescan(ClassificationRescan rescan) : TaskActivity<RescanInput, RescanChunk[]>
{
    public override async Task<RescanChunk[]> RunAsync(TaskActivityContext context, RescanInput input) =>
        [.. await rescan.PlanAsync(input.TenantId, input.ChunkSize, context.CancellationToken)];
}

public sealed class ClassifyRecordChunk(ClassificationRescan rescan) : TaskActivity<RescanChunkInput, RescanCounts>
{
    public override Task<RescanCounts> RunAsync(TaskActivityContext context, RescanChunkInput input) =>
        rescan.ClassifyChunkAsync(input.TenantId, input.Chunk, context.CancellationToken);
}

public sealed class RemoveOrphanedClassifications(ClassificationRescan rescan) : TaskActivity<string, RescanCounts>
{
    public override Task<RescanCounts> RunAsync(TaskActivityContext context, string input) => rescan.RemoveOrphansAsync(input, context.CancellationToken);
}

public sealed class RecountSensitivityMap(DataClassificationService classifications) : TaskActivity<string, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, string input) => classifications.RecountMapAsync(input, context.CancellationToken);
}
