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
    /// <summary>Every step may run again with the same effect, so a step that failed (storage hiccup, write contention) is tried again.</summary>
    private static readonly TaskOptions StepRetry = TaskOptions.FromRetryPolicy(new RetryPolicy(3, TimeSpan.FromSeconds(2), 2));

    /// <summary>Passes over the records when the basis keeps changing under the re-scan; the last one's changes are left to the next re-scan.</summary>
    public const int MaxPasses = 3;

    public override async Task<RescanReport> RunAsync(TaskOrchestrationContext context, RescanInput input)
    {
        var totals = RescanCounts.None;
        var chunks = Array.Empty<RescanChunk>();
        var basis = await context.CallActivityAsync<RescanBasis>(nameof(ReadRescanBasis), input.TenantId, StepRetry);
        for (var pass = 1; pass <= MaxPasses; pass++)
        {
            context.SetCustomStatus(new RescanProgress("Planning", 0, 0, totals.Scanned, totals.Classified));
            chunks = await context.CallActivityAsync<RescanChunk[]>(nameof(PlanRescan), input, StepRetry);
            totals = await ClassifyAsync(context, input, chunks, totals);
            // A re-scan asked for while this one ran joined it (one per tenant): if the recognizers or the records' generation
            // changed meanwhile, the chunks done before were classified under the old ones, so the records are passed over again.
            var now = await context.CallActivityAsync<RescanBasis>(nameof(ReadRescanBasis), input.TenantId, StepRetry);
            if (now == basis)
            {
                break;
            }
            basis = now;
        }
        context.SetCustomStatus(new RescanProgress("RemovingOrphans", chunks.Length, chunks.Length, totals.Scanned, totals.Classified));
        totals = totals.Plus(await context.CallActivityAsync<RescanCounts>(nameof(RemoveOrphanedClassifications), input.TenantId, StepRetry));
        context.SetCustomStatus(new RescanProgress("RecountingMap", chunks.Length, chunks.Length, totals.Scanned, totals.Classified));
        var recounted = await context.CallActivityAsync<bool>(nameof(RecountSensitivityMap), input.TenantId, StepRetry);
        context.SetCustomStatus(new RescanProgress("Completed", chunks.Length, chunks.Length, totals.Scanned, totals.Classified));
        return new RescanReport(input.TenantId, chunks.Length, totals.Scanned, totals.Classified, totals.Unchanged, totals.ResultsRemoved, totals.IndexRowsRemoved,
            recounted);
    }

    private static async Task<RescanCounts> ClassifyAsync(TaskOrchestrationContext context, RescanInput input, RescanChunk[] chunks, RescanCounts totals)
    {
        for (var done = 0; done < chunks.Length;)
        {
            var wave = chunks.Skip(done).Take(Math.Max(1, input.Parallelism))
                .Select(chunk => context.CallActivityAsync<RescanCounts>(nameof(ClassifyRecordChunk), new RescanChunkInput(input.TenantId, chunk), StepRetry))
                .ToList();
            foreach (var counts in await Task.WhenAll(wave))
            {
                totals = totals.Plus(counts);
            }
            done += wave.Count;
            context.SetCustomStatus(new RescanProgress("Classifying", done, chunks.Length, totals.Scanned, totals.Classified));
        }
        return totals;
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

public sealed class ReadRescanBasis(ClassificationRescan rescan) : TaskActivity<string, RescanBasis>
{
    public override Task<RescanBasis> RunAsync(TaskActivityContext context, string input) => rescan.ReadBasisAsync(input, context.CancellationToken);
}

public sealed class RemoveOrphanedClassifications(ClassificationRescan rescan) : TaskActivity<string, RescanCounts>
{
    public override Task<RescanCounts> RunAsync(TaskActivityContext context, string input) => rescan.RemoveOrphansAsync(input, context.CancellationToken);
}

public sealed class RecountSensitivityMap(DataClassificationService classifications) : TaskActivity<string, bool>
{
    public override Task<bool> RunAsync(TaskActivityContext context, string input) => classifications.RecountMapAsync(input, context.CancellationToken);
}
