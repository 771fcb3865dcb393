using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;

namespace DataGovernance.Privacy;

/// <summary>
/// One batch of a retention run: reads one page of a target's collection, plans what is due (skipping held records,
/// with the hold and its reason), writes the plan, then deletes or anonymises through <see cref="RecordService"/> (so
/// the change log records it) and adds an erasure ledger entry per record, so that a restore does not bring the
/// data back. A retried batch finds its plan and treats exactly those records again; each step is idempotent.
/// </summary>
public sealed class RetentionEnforcement(
    RecordService records, LegalHoldService holds, ErasureLedgerStore ledger, RetentionEvidenceStore evidence)
{
    public async Task<RetentionBatchOutcome> ApplyBatchAsync(RetentionBatchInput input, CancellationToken cancellationToken)
    {
        var name = RetentionEvidenceStore.BatchName(input.TenantId, input.RunId, input.Target, input.Batch);
        var batch = await evidence.GetBatchAsync(name, cancellationToken) ?? await PlanAsync(input, cancellationToken);
        if (batch.Completed)
        {
            return new RetentionBatchOutcome(batch.Counts, batch.NextToken);
        }
        if (input.DryRun)
        {
            batch = batch with { Completed = true };
        }
        else
        {
            await evidence.SaveBatchAsync(name, batch, cancellationToken);
            var context = new WriteContext(Actor.System("retention"), $"retention:{input.RunId}");
            var treated = new List<RetentionItem>(batch.Items.Count);
            foreach (var item in batch.Items)
            {
                treated.Add(item.Outcome is null ? await TreatAsync(input, item, context, cancellationToken) : item);
            }
            batch = batch with { Items = treated, Completed = true };
        }
        if (batch.Items.Count > 0)
        {
            await evidence.SaveBatchAsync(name, batch, cancellationToken);
        }
        return new RetentionBatchOutcome(batch.Counts, batch.NextToken);
    }

    private async Task<RetentionBatch> PlanAsync(RetentionBatchInput input, CancellationToken cancellationToken)
    {
        var target = input.Target;
        var page = await records.ListAsync(input.TenantId, target.Collection, new RecordFilter(null, null, null), input.BatchSize, input.Token, cancellationToken);
        if (!page.Succeeded)
        {
            throw new InvalidOperationException($"Retention could not read {target.Collection}: {page.Failure.Detail}");
        }
        var due = page.Value.Items.Select(record => (record, dueAt: DueAt(record, target))).Where(pair => pair.dueAt <= input.AsOf).ToList();
        var active = due.Count > 0 ? await holds.ActiveAsync(input.TenantId, cancellationToken) : new ActiveLegalHolds([]);
        var items = new List<RetentionItem>(due.Count);
        foreach (var (record, dueAt) in due)
        {
            var reference = new RecordReference(record.Collection, record.Id);
            var subject = SubjectKeys.Of(input.TenantId, RetentionFields.Subject(record)).Select(key => key.Key).ToHashSet(StringComparer.Ordinal);
            var hold = active.IsEmpty ? null : active.Find(reference, subject);
            var planned = hold is not null ? RetentionOutcome.Held
                : !input.DryRun ? (RetentionOutcome?)null
                : target.Action == RetentionAction.Delete ? RetentionOutcome.WouldDelete : RetentionOutcome.WouldAnonymise;
            items.Add(new RetentionItem(record.Collection, record.Id, record.Version, target.PolicyId, target.Action,
                RetentionFields.EventDate(record, target.EventField)!.Value, dueAt!.Value, planned, hold?.Id, hold?.Reason,
                target.Action == RetentionAction.Anonymise ? target.Fields : null));
        }
        return new RetentionBatch(target.PolicyId, target.Collection, input.Batch, page.Value.ContinuationToken, false, items);
    }

    /// <summary>When the record's retention ends under the target; null when it is not covered (no event date, no data of the category).</summary>
    private static DateTimeOffset? DueAt(Record record, RetentionTarget target)
    {
        if (RetentionFields.EventDate(record, target.EventField) is not { } eventAt)
        {
            return null;
        }
        var covered = target.Action == RetentionAction.Anonymise || target.Category is not null
            ? RetentionFields.HoldsAny(record, target.Fields)
            : true;
        return covered ? eventAt.AddDays(target.KeepDays) : null;
    }

    private async Task<RetentionItem> TreatAsync(RetentionBatchInput input, RetentionItem item, WriteContext context, CancellationToken cancellationToken)
    {
        var current = await records.GetAsync(input.TenantId, item.Collection, item.RecordId, allowCached: false, cancellationToken);
        if (item.Action == RetentionAction.Delete)
        {
            if (current.Succeeded)
            {
                if (current.Value.Version != item.Version)
                {
                    return item with { Outcome = RetentionOutcome.Changed };
                }
                var deleted = await records.DeleteAsync(input.TenantId, item.Collection, item.RecordId, item.Version, context, cancellationToken);
                if (!deleted.Succeeded && deleted.Failure.Kind != FailureKind.NotFound)
                {
                    return Unchanged(item, deleted.Failure);
                }
            }
            await RecordErasureAsync(input, item, new Dictionary<string, System.Text.Json.JsonElement?>(), cancellationToken);
            return item with { Outcome = RetentionOutcome.Deleted };
        }
        if (!current.Succeeded)
        {
            // Gone since it was planned: nothing of it is left to anonymise.
            return item with { Outcome = RetentionOutcome.Changed };
        }
        var record = current.Value;
        var (document, fields) = RetentionFields.Anonymise(record, item.Fields ?? []);
        if (record.Version == item.Version)
        {
            var replaced = await records.ReplaceAsync(input.TenantId, item.Collection, item.RecordId, document, item.Version, context, cancellationToken);
            if (!replaced.Succeeded)
            {
                return Unchanged(item, replaced.Failure);
            }
        }
        else if (record.UpdatedBy != context.Actor.Id || RetentionFields.HoldsAny(record, item.Fields ?? []))
        {
            return item with { Outcome = RetentionOutcome.Changed };
        }
        await RecordErasureAsync(input, item, fields, cancellationToken);
        return item with { Outcome = RetentionOutcome.Anonymised };
    }

    /// <summary>A write the store refused because the record moved on (412) or records are frozen by a restore (409) is judged again next run.</summary>
    private static RetentionItem Unchanged(RetentionItem item, Failure failure) =>
        failure.Kind is FailureKind.PreconditionFailed or FailureKind.Conflict
            ? item with { Outcome = RetentionOutcome.Changed, Reason = failure.Detail }
            : throw new InvalidOperationException($"Retention could not treat {item.Collection}/{item.RecordId}: {failure.Detail}");

    private async Task RecordErasureAsync(
        RetentionBatchInput input, RetentionItem item, IReadOnlyDictionary<string, System.Text.Json.JsonElement?> fields, CancellationToken cancellationToken) =>
        await ledger.AddAsync(new ErasureLedgerEntry(input.TenantId, $"retention-{input.RunId}", item.Collection, item.RecordId, fields, input.AsOf,
            $"retention:{input.RunId}"), cancellationToken);
}
