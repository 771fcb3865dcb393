using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>The steps of a restore drill (each idempotent) and the tenant's view of its drills.</summary>
public sealed class DrillService(
    BackupStorage backups,
    RestorePointStore restorePoints,
    BackupPolicyStore policies,
    DrillScratchStore scratch,
    DrillStore drills,
    DrillReports reports,
    TimeProvider clock)
{
    public const int MaxListed = 100;

    /// <summary>Fixes what the drill will do (the given restore point, or the newest) and lists it as running.</summary>
    public async Task<Result<DrillPlan>> PlanAsync(
        string tenantId, string drillId, string? restorePointId, DrillTrigger trigger, string requestedBy, CancellationToken cancellationToken)
    {
        RestorePoint? point;
        if (restorePointId is not null)
        {
            point = await restorePoints.GetAsync(tenantId, restorePointId, cancellationToken);
            if (point is null)
            {
                return Failure.NotFound($"There is no restore point '{restorePointId}'.");
            }
        }
        else
        {
            var points = await restorePoints.ListAsync(tenantId, cancellationToken);
            point = points.Count > 0 ? points[0] : null;
            if (point is null)
            {
                return Failure.Conflict("no-restore-point", "The tenant has no restore point to drill yet; take a backup first.");
            }
        }
        var policy = (await policies.GetAsync(tenantId, cancellationToken)).Policy;
        var plan = new DrillPlan(tenantId, drillId, point.Id, trigger, requestedBy, policy.RtoMinutes);
        await drills.AddAsync(new RestoreDrill(drillId, tenantId, trigger, requestedBy, point.Id, DrillStatus.Running, clock.GetUtcNowForStorage(),
            null, null, null, policy.RtoMinutes, [], []), cancellationToken);
        return plan;
    }

    /// <summary>Reads the manifest and checks its root hash against itself and the restore point.</summary>
    public async Task<ManifestCheck> CheckManifestAsync(DrillPlan plan, CancellationToken cancellationToken)
    {
        var point = await restorePoints.GetAsync(plan.TenantId, plan.RestorePointId, cancellationToken);
        SnapshotManifest? manifest;
        try
        {
            manifest = await backups.Primary.GetManifestAsync(plan.TenantId, plan.RestorePointId, cancellationToken);
        }
        catch (ChunkCorruptException ex)
        {
            return new ManifestCheck(0, "", false, false, [], [new DrillFinding("manifest-unreadable", ex.Message)]);
        }
        if (manifest is null)
        {
            return new ManifestCheck(0, "", false, false, [], [new DrillFinding("manifest-missing",
                $"Restore point {plan.RestorePointId} has no manifest in the {backups.Primary.Region} region.")]);
        }
        var problems = new List<DrillFinding>();
        if (!manifest.HasValidRootHash)
        {
            problems.Add(new DrillFinding("manifest-altered", $"The manifest of {plan.RestorePointId} does not match its root hash {manifest.RootHash}."));
        }
        if (point is null || point.RootHash != manifest.RootHash)
        {
            problems.Add(new DrillFinding("root-hash-mismatch",
                $"The manifest's root hash {manifest.RootHash} differs from the restore point's {point?.RootHash ?? "(restore point gone)"}."));
        }
        return new ManifestCheck(manifest.Position, manifest.RootHash, manifest.HasValidRootHash, point?.RootHash == manifest.RootHash,
            [.. manifest.Collections.Select(collection => collection.Name)], problems);
    }

    /// <summary>Decodes each chunk of the collection (checked against its address) into the drill's scratch partition.</summary>
    public async Task<CollectionRestore> RestoreCollectionAsync(DrillPlan plan, string collection, CancellationToken cancellationToken)
    {
        var manifest = await ManifestAsync(plan, cancellationToken);
        var problems = new List<DrillFinding>();
        var (records, chunks) = (0L, 0);
        foreach (var chunk in Chunks(manifest, collection))
        {
            var stored = await backups.Primary.GetChunkAsync(plan.TenantId, chunk.Sha256, cancellationToken);
            if (stored is null)
            {
                problems.Add(new DrillFinding("chunk-missing", $"Chunk {chunk.Sha256} of {collection} is missing in the {backups.Primary.Region} region."));
                continue;
            }
            try
            {
                var decoded = await ChunkCodec.DecodeAsync(stored.ToStream(), chunk.Sha256, cancellationToken);
                await scratch.WriteAsync(plan.TenantId, plan.DrillId, decoded, cancellationToken);
                records += decoded.Count;
                chunks++;
            }
            catch (ChunkCorruptException ex)
            {
                problems.Add(new DrillFinding("chunk-altered", $"Chunk {chunk.Sha256} of {collection} in the {backups.Primary.Region} region could not be restored: {ex.Message}"));
            }
        }
        return new CollectionRestore(collection, records, chunks, problems);
    }

    /// <summary>
    /// Reads the collection back from the scratch partition, re-encodes it in the manifest's chunk boundaries and
    /// compares each chunk's SHA-256 (the hash of its canonical content) and the counts with the manifest.
    /// </summary>
    public async Task<CollectionCheck> VerifyCollectionAsync(DrillPlan plan, CollectionRestore restored, CancellationToken cancellationToken)
    {
        var manifest = await ManifestAsync(plan, cancellationToken);
        var expected = manifest.Collections.Single(c => c.Name == restored.Name);
        var problems = new List<DrillFinding>(restored.Problems);
        var matching = 0;
        foreach (var chunk in expected.Chunks)
        {
            var readBack = await scratch.ReadRangeAsync(plan.TenantId, plan.DrillId, expected.Name, chunk.FirstId, chunk.LastId, cancellationToken);
            readBack.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
            var sha = readBack.Count == 0 ? null : ChunkCodec.Encode(readBack).Sha256;
            if (sha == chunk.Sha256 && readBack.Count == chunk.Records)
            {
                matching++;
            }
            else
            {
                problems.Add(new DrillFinding("chunk-mismatch",
                    $"Chunk {chunk.Sha256} of {expected.Name}: {readBack.Count} of {chunk.Records} records read back, hashing to {sha ?? "nothing"}."));
            }
        }
        var found = await scratch.CountAsync(plan.TenantId, plan.DrillId, expected.Name, cancellationToken);
        if (found != expected.RecordCount)
        {
            problems.Add(new DrillFinding("count-mismatch", $"{expected.Name}: {found} records found in the scratch partition, the manifest has {expected.RecordCount}."));
        }
        return new CollectionCheck(expected.Name, expected.RecordCount, restored.RecordsRestored, found, expected.Chunks.Count, matching, problems);
    }

    public Task<long> DiscardScratchAsync(DrillPlan plan, CancellationToken cancellationToken) =>
        scratch.DiscardAsync(plan.TenantId, plan.DrillId, cancellationToken);

    /// <summary>Writes and signs the report, then records the drill's outcome.</summary>
    public Task<RestoreDrill> RecordAsync(DrillResult result, CancellationToken cancellationToken) => reports.RecordAsync(result, cancellationToken);

    public Task<IReadOnlyList<RestoreDrill>> ListAsync(string tenantId, CancellationToken cancellationToken) =>
        drills.ListAsync(tenantId, MaxListed, cancellationToken);

    public async Task<Result<RestoreDrill>> GetAsync(string tenantId, string drillId, CancellationToken cancellationToken) =>
        await drills.GetAsync(tenantId, drillId, cancellationToken) is { } drill ? drill : Failure.NotFound($"There is no drill '{drillId}'.");

    public Task<Result<SignedDrillReport>> GetReportAsync(string tenantId, string drillId, CancellationToken cancellationToken) =>
        reports.GetAsync(tenantId, drillId, cancellationToken);

    private async Task<SnapshotManifest> ManifestAsync(DrillPlan plan, CancellationToken cancellationToken) =>
        await backups.Primary.GetManifestAsync(plan.TenantId, plan.RestorePointId, cancellationToken)
            ?? throw new ChunkCorruptException($"Restore point {plan.RestorePointId} has no manifest in the {backups.Primary.Region} region.");

    private static IEnumerable<ChunkInfo> Chunks(SnapshotManifest manifest, string collection) =>
        manifest.Collections.Where(c => c.Name == collection).SelectMany(c => c.Chunks);
}
