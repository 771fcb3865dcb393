using DataGovernance.Records;

namespace DataGovernance.Backup;

/// <summary>What a built generation holds: its last change-log sequence and what it changed.</summary>
public sealed record BuiltGeneration(int Generation, long LastSequence, RestoreImpact Outcome);

/// <summary>
/// The steps of an approved restore on the tenant's records: freeze, build the next generation with its change-log
/// entries, switch in one write, and clean up; or abandon, leaving the records exactly as they were.
/// </summary>
public sealed class RestoreExecution(GenerationStore generations, RestorePlan plan)
{
    public async Task<FrozenHead> FreezeAsync(string tenantId, string restoreId, CancellationToken cancellationToken)
    {
        var head = await generations.FreezeAsync(tenantId, restoreId, cancellationToken);
        return new FrozenHead(head.Generation, head.LastSequence);
    }

    /// <summary>
    /// Writes the whole next generation and the restore's change-log entries (past the frozen head, so invisible).
    /// Rows an interrupted earlier attempt left are removed first; the same request builds the same rows.
    /// </summary>
    public async Task<BuiltGeneration> BuildAsync(
        RestoreRequest request, FrozenHead frozen, DateTimeOffset appliedAt, string actor, CancellationToken cancellationToken)
    {
        var tenantId = request.TenantId;
        await generations.ClearBuildAsync(tenantId, request.Id, frozen.Generation, frozen.LastSequence, cancellationToken);

        var impact = new ImpactCounter();
        var sequence = frozen.LastSequence;
        var writer = new GenerationWriter(generations, tenantId, frozen.Generation + 1, cancellationToken);
        await foreach (var step in plan.StepsAsync(request, frozen, cancellationToken))
        {
            var restored = step.Action is { } action ? Stamp(step, action, appliedAt, actor) : step.Restored;
            if (restored is not null)
            {
                await writer.AddRecordAsync(restored);
            }
            if (step.Action is { } change)
            {
                impact.Add(step);
                await writer.AddChangeAsync(ChangeFor(++sequence, step, change, restored, appliedAt, actor, request.Id));
            }
        }
        await writer.FlushAsync();
        return new BuiltGeneration(writer.Generation, sequence, impact.ToImpact());
    }

    public Task<bool> SwitchAsync(string tenantId, string restoreId, FrozenHead frozen, long lastSequence, CancellationToken cancellationToken) =>
        generations.SwitchAsync(tenantId, restoreId, frozen.Generation, lastSequence, cancellationToken);

    /// <summary>Removes everything a build wrote and lifts the freeze; the tenant's records are as before the restore.</summary>
    public async Task AbandonAsync(string tenantId, string restoreId, FrozenHead frozen, CancellationToken cancellationToken)
    {
        await DiscardAsync(tenantId, frozen, cancellationToken);
        await generations.ThawAsync(tenantId, restoreId, cancellationToken);
    }

    /// <summary>Deletes a generation a switch replaced, once readers paging through it have had time to finish.</summary>
    public Task<long> DeleteReplacedAsync(string tenantId, int generation, CancellationToken cancellationToken) =>
        generations.DeleteGenerationAsync(tenantId, generation, cancellationToken);

    private async Task DiscardAsync(string tenantId, FrozenHead frozen, CancellationToken cancellationToken)
    {
        await generations.DeletePendingChangesAsync(tenantId, frozen.LastSequence, cancellationToken);
        await generations.DeleteGenerationAsync(tenantId, frozen.Generation + 1, cancellationToken);
    }

    /// <summary>A restored record is a new version written by the restore, as any other write would be.</summary>
    private static Record? Stamp(RestoreStep step, RestoreAction action, DateTimeOffset appliedAt, string actor) => action switch
    {
        RestoreAction.Delete => null,
        RestoreAction.Update => step.Restored! with { Version = step.Current!.Version + 1, UpdatedAt = appliedAt, UpdatedBy = actor },
        _ => step.Restored! with { Version = step.Restored.Version + 1, UpdatedAt = appliedAt, UpdatedBy = actor },
    };

    private static ChangeLogEntry ChangeFor(long sequence, RestoreStep step, RestoreAction action, Record? restored, DateTimeOffset appliedAt, string actor, string restoreId)
    {
        var subject = restored ?? step.Current!;
        var operation = action switch
        {
            RestoreAction.Create => ChangeOperation.Create,
            RestoreAction.Update => ChangeOperation.Update,
            _ => ChangeOperation.Delete,
        };
        var version = restored?.Version ?? step.Current!.Version + 1;
        return new ChangeLogEntry(sequence, appliedAt, step.Collection, step.RecordId, operation, version, step.Current?.Data, restored?.Data,
            actor, restoreId, subject.CreatedAt, subject.CreatedBy, step.Current?.UpdatedAt, step.Current?.UpdatedBy);
    }
}
