using DataGovernance.Outcomes;
using DataGovernance.Privacy;
using DataGovernance.Tenancy;
using Microsoft.Extensions.Options;
using NCrontab;

namespace DataGovernance.Backup;

/// <summary>What a finished snapshot amounts to, small enough to pass between workflow steps.</summary>
public sealed record SnapshotSummary(string TenantId, string RestorePointId, long Position, DateTimeOffset PositionTime, DateTimeOffset CreatedAt,
    long RecordCount, int ChunkCount, long CompressedBytes, string RootHash);

/// <summary>Restore points, newest first, and how far the secondary region lags behind (age of the oldest pending replica).</summary>
public sealed record RestorePointList(IReadOnlyList<RestorePoint> Items, int PendingReplicas, DateTimeOffset? OldestPendingSince, double ReplicationLagSeconds);

/// <summary>A restore point with its counts per collection and, for an incremental snapshot, the restore point it was derived from.</summary>
public sealed record RestorePointDetail(RestorePoint RestorePoint, IReadOnlyList<CollectionCount> Collections, string? BasedOn);

public sealed record CollectionCount(string Name, long RecordCount, int Chunks);

/// <summary>The steps of a backup and the tenant's view of its restore points and policy.</summary>
public sealed class BackupService(
    SnapshotWriter snapshots,
    BackupStorage backups,
    RestorePointStore restorePoints,
    BackupPolicyStore policies,
    TenantStore tenants,
    CrossBorderService crossBorder,
    IOptions<BackupOptions> options,
    TimeProvider clock)
{
    /// <summary>Chunks younger than this are never collected: a snapshot in progress may be about to reference them.</summary>
    public static readonly TimeSpan ChunkCollectionGrace = TimeSpan.FromHours(1);

    public async Task<SnapshotSummary> TakeSnapshotAsync(string tenantId, string restorePointId, CancellationToken cancellationToken)
    {
        var manifest = await backups.Primary.GetManifestAsync(tenantId, restorePointId, cancellationToken)
            ?? await snapshots.WriteAsync(tenantId, restorePointId, cancellationToken);
        return Summarize(manifest);
    }

    public async Task<IReadOnlyList<IntegrityProblem>> VerifyAsync(string tenantId, string restorePointId, bool secondary, CancellationToken cancellationToken)
    {
        var store = secondary ? backups.Secondary : backups.Primary;
        var manifest = await store.GetManifestAsync(tenantId, restorePointId, cancellationToken);
        return manifest is null
            ? [new IntegrityProblem(restorePointId, store.Region, null, null, "manifest-missing")]
            : await SnapshotReader.CheckAsync(store, manifest, cancellationToken);
    }

    /// <summary>Null when the tenant's snapshots may be replicated to the secondary region, otherwise why not. Only reads.</summary>
    public async Task<string?> ReplicationRefusalAsync(string tenantId, CancellationToken cancellationToken) =>
        await ReplicationRefusalAsync(tenantId, (await policies.GetAsync(tenantId, cancellationToken)).Policy, null, cancellationToken);

    /// <summary>
    /// As <see cref="ReplicationRefusalAsync(string, CancellationToken)"/>, asked when the replica of
    /// <paramref name="restorePointId"/> is about to be made: a refusal by the tenant's cross-border rules raises an alert
    /// about that restore point (once).
    /// </summary>
    public async Task<string?> ReplicationRefusalForAsync(string tenantId, string restorePointId, CancellationToken cancellationToken) =>
        await ReplicationRefusalAsync(tenantId, (await policies.GetAsync(tenantId, cancellationToken)).Policy, restorePointId, cancellationToken);

    private async Task<string?> ReplicationRefusalAsync(string tenantId, BackupPolicy policy, string? replicating, CancellationToken cancellationToken)
    {
        if (policy.ReplicaRegion is not { } region)
        {
            return "The tenant's backup policy keeps no replica in another region.";
        }
        if (!string.Equals(region, options.Value.SecondaryRegion, StringComparison.OrdinalIgnoreCase))
        {
            return $"The policy names region '{region}', but this deployment's secondary region is '{options.Value.SecondaryRegion}'.";
        }
        var tenant = await tenants.GetAsync(tenantId, cancellationToken);
        if (RegionGeography.Refusal(tenant?.Settings.DataResidency ?? DataResidency.Global, region) is { } residency)
        {
            return residency;
        }
        var refusal = await crossBorder.ReplicationRefusalAsync(tenantId, region, cancellationToken);
        if (refusal is not null && replicating is not null)
        {
            await crossBorder.ReportBlockedReplicationAsync(tenantId, replicating, region, refusal, cancellationToken);
        }
        return refusal;
    }

    /// <summary>
    /// Copies the chunks the secondary region lacks, then the manifest (last, so a replica is complete once it has one).
    /// Refuses, copying nothing, when the tenant's cross-border rules exclude the secondary region (they may have
    /// changed since the replication was found allowed).
    /// </summary>
    public async Task CopyToSecondaryAsync(string tenantId, string restorePointId, CancellationToken cancellationToken)
    {
        if (await crossBorder.ReplicationRefusalAsync(tenantId, options.Value.SecondaryRegion, cancellationToken) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }
        var manifest = await backups.Primary.GetManifestAsync(tenantId, restorePointId, cancellationToken)
            ?? throw new InvalidOperationException($"Restore point {restorePointId} has no manifest in the primary region.");
        await backups.Secondary.EnsureContainerAsync(cancellationToken);
        await Parallel.ForEachAsync(manifest.AllChunks, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (item, token) =>
        {
            if (!await backups.Secondary.ChunkExistsAsync(tenantId, item.Chunk.Sha256, token))
            {
                var bytes = await backups.Primary.GetChunkAsync(tenantId, item.Chunk.Sha256, token)
                    ?? throw new InvalidOperationException($"Chunk {item.Chunk.Sha256} is missing in the primary region.");
                await backups.Secondary.PutChunkAsync(tenantId, item.Chunk.Sha256, bytes, token);
            }
        });
        await backups.Secondary.PutManifestAsync(manifest, cancellationToken);
    }

    public async Task<RestorePoint> RecordRestorePointAsync(SnapshotSummary snapshot, RestorePointKind kind, Replication replication, CancellationToken cancellationToken)
    {
        var point = new RestorePoint(snapshot.RestorePointId, snapshot.TenantId, kind, snapshot.CreatedAt, snapshot.Position, snapshot.PositionTime,
            snapshot.RecordCount, snapshot.ChunkCount, snapshot.CompressedBytes, snapshot.RootHash, WithNextAttempt(replication), null);
        await restorePoints.AddAsync(point, cancellationToken);
        return point;
    }

    /// <summary>Records the outcome of a replication attempt; false when the restore point is gone (pruned meanwhile).</summary>
    public async Task<bool> UpdateReplicationAsync(string tenantId, string restorePointId, Replication replication, CancellationToken cancellationToken)
    {
        var current = await restorePoints.GetAsync(tenantId, restorePointId, cancellationToken);
        if (current is not null)
        {
            await restorePoints.UpdateAsync(current with { Replication = WithNextAttempt(replication) }, cancellationToken);
        }
        return current is not null;
    }

    /// <summary>A pending replica is tried again after the retry delay, doubled with every failed attempt, at most an hour.</summary>
    private Replication WithNextAttempt(Replication replication)
    {
        if (replication.Status != ReplicationStatus.Pending)
        {
            return replication with { NextAttemptAt = null };
        }
        var delay = options.Value.ReplicationRetryDelay * Math.Pow(2, Math.Max(replication.Attempts - 1, 0));
        return replication with { NextAttemptAt = clock.GetUtcNow() + (delay < MaximumReplicationBackoff ? delay : MaximumReplicationBackoff) };
    }

    public static readonly TimeSpan MaximumReplicationBackoff = TimeSpan.FromHours(1);

    public async Task<Result<RestorePoint>> GetRestorePointAsync(string tenantId, string restorePointId, CancellationToken cancellationToken) =>
        await restorePoints.GetAsync(tenantId, restorePointId, cancellationToken) is { } point
            ? point
            : Failure.NotFound($"There is no restore point '{restorePointId}'.");

    public async Task<Result<RestorePointDetail>> GetRestorePointDetailAsync(string tenantId, string restorePointId, CancellationToken cancellationToken)
    {
        var point = await GetRestorePointAsync(tenantId, restorePointId, cancellationToken);
        if (!point.Succeeded)
        {
            return point.Failure;
        }
        var manifest = await backups.Primary.GetManifestAsync(tenantId, restorePointId, cancellationToken);
        var collections = manifest?.Collections.Select(c => new CollectionCount(c.Name, c.RecordCount, c.Chunks.Count)).ToList() ?? [];
        return new RestorePointDetail(point.Value, collections, manifest?.BasedOn);
    }

    public async Task<RestorePointList> ListRestorePointsAsync(string tenantId, CancellationToken cancellationToken)
    {
        var points = await restorePoints.ListAsync(tenantId, cancellationToken);
        var pending = points.Where(point => point.Replication.Status == ReplicationStatus.Pending).ToList();
        var oldest = pending.Count == 0 ? (DateTimeOffset?)null : pending.Min(point => point.CreatedAt);
        return new RestorePointList(points, pending.Count, oldest, oldest is null ? 0 : (clock.GetUtcNow() - oldest.Value).TotalSeconds);
    }

    /// <summary>Removes the restore points the policy no longer keeps, then every chunk no kept manifest references.</summary>
    public async Task<int> ApplyRetentionAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var policy = (await policies.GetAsync(tenantId, cancellationToken)).Policy;
        var points = await restorePoints.ListAsync(tenantId, cancellationToken);
        var keep = RetentionPlan.Keep(points, policy, now);
        var pruned = points.Where(point => !keep.Contains(point.Id)).ToList();
        foreach (var point in pruned)
        {
            await restorePoints.DeleteAsync(tenantId, point.Id, cancellationToken);
            await backups.Primary.DeleteManifestAsync(tenantId, point.Id, cancellationToken);
            await backups.Secondary.DeleteManifestAsync(tenantId, point.Id, cancellationToken);
        }
        if (pruned.Count > 0)
        {
            await CollectChunksAsync(backups.Primary, tenantId, [.. points.Where(point => keep.Contains(point.Id))], now, cancellationToken);
            await CollectChunksAsync(backups.Secondary, tenantId, [.. points.Where(point => keep.Contains(point.Id))], now, cancellationToken);
        }
        return pruned.Count;
    }

    public async Task<BackupPolicyView> GetPolicyAsync(string tenantId, CancellationToken cancellationToken) =>
        await ViewAsync(await policies.GetAsync(tenantId, cancellationToken), cancellationToken);

    public async Task<Result<BackupPolicyView>> SetPolicyAsync(string tenantId, BackupPolicyRequest request, string actor, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var schedule = ValidSchedule(request.Schedule, "schedule", required: true, errors);
        var drills = ValidSchedule(request.DrillSchedule, "drillSchedule", required: false, errors);
        int Range(int? value, string field, int min, int max)
        {
            if (value is null || value < min || value > max)
            {
                errors.Add(field, $"Required, between {min} and {max}.");
            }
            return value ?? min;
        }
        var replicaRegion = ValidReplicaRegion(request.ReplicaRegion, errors);
        var policy = new BackupPolicy(schedule ?? "", Range(request.KeepDaily, "keepDaily", 1, 366), Range(request.KeepWeekly, "keepWeekly", 0, 260),
            Range(request.KeepMonthly, "keepMonthly", 0, 120), replicaRegion, Range(request.RpoMinutes, "rpoMinutes", 5, 7 * 24 * 60),
            Range(request.RtoMinutes, "rtoMinutes", 1, 7 * 24 * 60), drills, request.Enabled ?? true);
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var current = await policies.GetAsync(tenantId, cancellationToken);
        var stored = current with { Policy = policy, IsDefault = false, UpdatedAt = clock.GetUtcNow(), UpdatedBy = actor };
        await policies.SaveAsync(stored, cancellationToken);
        return await ViewAsync(stored, cancellationToken);
    }

    private async Task<BackupPolicyView> ViewAsync(StoredBackupPolicy stored, CancellationToken cancellationToken)
    {
        var refusal = await ReplicationRefusalAsync(stored.TenantId, stored.Policy, null, cancellationToken);
        var schedule = CrontabSchedule.TryParse(stored.Policy.Schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        DateTimeOffset? next = stored.Policy.Enabled && schedule is not null
            ? new DateTimeOffset(DateTime.SpecifyKind(schedule.GetNextOccurrence(clock.GetUtcNow().UtcDateTime), DateTimeKind.Utc))
            : null;
        return new BackupPolicyView(stored.Policy, stored.IsDefault, next, refusal is null, refusal, stored.UpdatedAt, stored.UpdatedBy);
    }

    public static SnapshotSummary Summarize(SnapshotManifest manifest) => new(manifest.TenantId, manifest.RestorePointId, manifest.Position, manifest.PositionTime,
        manifest.CreatedAt, manifest.RecordCount, manifest.AllChunks.Count(), manifest.AllChunks.Sum(item => item.Chunk.CompressedBytes), manifest.RootHash);

    /// <summary>Backups may not run more often than this, whatever the schedule says.</summary>
    public static readonly TimeSpan MinimumInterval = TimeSpan.FromMinutes(5);

    private string? ValidReplicaRegion(string? region, FieldErrors errors)
    {
        var secondary = options.Value.SecondaryRegion;
        if (string.Equals(region, secondary, StringComparison.OrdinalIgnoreCase))
        {
            return secondary;
        }
        if (region != BackupPolicy.NoReplica)
        {
            errors.Add("replicaRegion", $"Required: '{secondary}' (this deployment's secondary region) or '{BackupPolicy.NoReplica}'.");
        }
        return null;
    }

    private static string? ValidSchedule(string? schedule, string field, bool required, FieldErrors errors)
    {
        if (schedule is null)
        {
            if (required)
            {
                errors.Add(field, "Required: a six-field NCRONTAB schedule such as '0 0 2 * * *'.");
            }
            return null;
        }
        var parsed = CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });
        if (parsed is null)
        {
            errors.Add(field, "Must be a six-field NCRONTAB schedule (sec min hour day month day-of-week).");
            return null;
        }
        // Every day that matches has the same times, so the closest pair is within a day or across adjacent matching
        // days: a leap year and its turn show both, even for schedules that run only on some days of some months.
        var start = new DateTime(2028, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var occurrences = parsed.GetNextOccurrences(start, start.AddDays(370)).Take(5000).ToList();
        if (occurrences.Zip(occurrences.Skip(1)).Any(pair => pair.Second - pair.First < MinimumInterval))
        {
            errors.Add(field, $"Occurrences must be at least {MinimumInterval.TotalMinutes} minutes apart.");
        }
        return schedule;
    }

    private static async Task CollectChunksAsync(ChunkStore store, string tenantId, IReadOnlyList<RestorePoint> kept, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var referenced = new HashSet<string>(StringComparer.Ordinal);
        foreach (var point in kept)
        {
            if (await store.GetManifestAsync(tenantId, point.Id, cancellationToken) is { } manifest)
            {
                referenced.UnionWith(manifest.AllChunks.Select(item => item.Chunk.Sha256));
            }
        }
        await foreach (var (sha, writtenAt) in store.ListChunksAsync(tenantId, cancellationToken))
        {
            if (!referenced.Contains(sha) && now - writtenAt > ChunkCollectionGrace)
            {
                await store.DeleteChunkAsync(tenantId, sha, cancellationToken);
            }
        }
    }
}
