using DataGovernance.Classification;
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
    RecordService records, LegalHoldService holds, DataClassificationStore classifications, ErasureLedgerStore ledger, RetentionEvidenceStore evidence)
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
            var erased = new List<ErasureLedgerEntry>();
            foreach (var item in batch.Items)
            {
                treated.Add(item.Outcome is null ? await TreatAsync(input, item, context, erased, cancellationToken) : item);
            }
            // Before the batch counts as done, so that a retried batch, which treats its records again, redacts again.
            await records.RedactChangesAsync(input.TenantId, erased, cancellationToken);
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
        var due = new List<(Record Record, DateTimeOffset DueAt, IReadOnlyList<string> Fields, StoredClassification? Stored)>();
        var needsData = target.Action == RetentionAction.Anonymise || target.Category is not null;
        foreach (var record in page.Value.Items)
        {
            if (RetentionFields.EventDate(record, target.EventField) is not { } eventAt || eventAt.AddDays(target.KeepDays) > input.AsOf)
            {
                continue;
            }
            var stored = needsData ? await classifications.GetAsync(input.TenantId, record.Collection, record.Id, cancellationToken) : null;
            if (PersonalFields(record, target, stored) is { } fields)
            {
                due.Add((record, eventAt.AddDays(target.KeepDays), fields, stored));
            }
        }
        var active = due.Count > 0 ? await holds.ActiveAsync(input.TenantId, cancellationToken) : new ActiveLegalHolds([]);
        var items = new List<RetentionItem>(due.Count);
        foreach (var (record, dueAt, fields, known) in due)
        {
            var hold = active.IsEmpty ? null : active.Find(new RecordReference(record.Collection, record.Id),
                await SubjectKeysAsync(input.TenantId, record, active, needsData, known, cancellationToken));
            var planned = hold is not null ? RetentionOutcome.Held
                : !input.DryRun ? (RetentionOutcome?)null
                : target.Action == RetentionAction.Delete ? RetentionOutcome.WouldDelete : RetentionOutcome.WouldAnonymise;
            items.Add(new RetentionItem(record.Collection, record.Id, record.Version, target.PolicyId, target.Action,
                RetentionFields.EventDate(record, target.EventField)!.Value, dueAt, planned, hold?.Id, hold?.Reason,
                target.Action == RetentionAction.Anonymise ? fields : null));
        }
        return new RetentionBatch(target.PolicyId, target.Collection, input.Batch, page.Value.ContinuationToken, false, items);
    }

    /// <summary>
    /// The personal fields of the record the target concerns: those its schema defines for personal data (of the
    /// category, or all) that hold a value, and those classification found such data in; for an anonymisation only
    /// those it can change (a required date, number or choice stays). Null when the record is not covered: a category
    /// policy, or an anonymisation, with nothing left to remove. A collection policy that deletes covers every record.
    /// </summary>
    private static IReadOnlyList<string>? PersonalFields(Record record, RetentionTarget target, StoredClassification? stored)
    {
        if (target.Action != RetentionAction.Anonymise && target.Category is null)
        {
            return [];
        }
        // What anonymisation left behind (a placeholder name or address) is found by classification too, but is nobody's data.
        IReadOnlyList<string> fields = [.. target.Fields
            .Union(RetentionFields.Classified(stored?.Classification, record, target.Category), StringComparer.Ordinal)
            .Where(field => RetentionFields.HoldsAny(record, [field]))
            .Where(field => target.Action != RetentionAction.Anonymise || RetentionFields.Anonymise(record, [field]).Fields.Count > 0)];
        return fields.Count == 0 ? null : fields;
    }

    /// <summary>
    /// The subject keys a hold on a person is matched against: those of the record's own identifier fields, and every key
    /// classification indexed in it (an identifier in a custom field or free text), of any version it was classified at.
    /// </summary>
    private async Task<IReadOnlySet<string>> SubjectKeysAsync(
        string tenantId, Record record, ActiveLegalHolds active, bool loaded, StoredClassification? stored, CancellationToken cancellationToken)
    {
        if (!active.HasSubjectHolds)
        {
            return new HashSet<string>(StringComparer.Ordinal);
        }
        if (!loaded)
        {
            stored = await classifications.GetAsync(tenantId, record.Collection, record.Id, cancellationToken);
        }
        return holds.KeysOf(tenantId, RetentionFields.Subject(record), stored?.Index.Select(entry => entry.Key) ?? []);
    }

    private async Task<RetentionItem> TreatAsync(
        RetentionBatchInput input, RetentionItem item, WriteContext context, List<ErasureLedgerEntry> erased, CancellationToken cancellationToken)
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
            erased.Add(await RecordErasureAsync(input, item, new Dictionary<string, System.Text.Json.JsonElement?>(), cancellationToken));
            return item with { Outcome = RetentionOutcome.Deleted };
        }
        if (!current.Succeeded)
        {
            // Gone since it was planned: nothing of it is left to anonymise.
            return item with { Outcome = RetentionOutcome.Changed };
        }
        var record = current.Value;
        var (document, fields) = RetentionFields.Anonymise(record, item.Fields ?? []);
        if (fields.Count == 0)
        {
            // A ledger entry without fields erases the whole record: a restore would delete it. Nothing changes, so nothing is written.
            return item with { Outcome = RetentionOutcome.Changed, Reason = "Nothing in the record is left to anonymise." };
        }
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
        erased.Add(await RecordErasureAsync(input, item, fields, cancellationToken));
        return item with { Outcome = RetentionOutcome.Anonymised };
    }

    /// <summary>A write the store refused because the record moved on (412) or records are frozen by a restore (409) is judged again next run.</summary>
    private static RetentionItem Unchanged(RetentionItem item, Failure failure) =>
        failure.Kind is FailureKind.PreconditionFailed or FailureKind.Conflict
            ? item with { Outcome = RetentionOutcome.Changed, Reason = failure.Detail }
            : throw new InvalidOperationException($"Retention could not treat {item.Collection}/{item.RecordId}: {failure.Detail}");

    private async Task<ErasureLedgerEntry> RecordErasureAsync(
        RetentionBatchInput input, RetentionItem item, IReadOnlyDictionary<string, System.Text.Json.JsonElement?> fields, CancellationToken cancellationToken)
    {
        var entry = new ErasureLedgerEntry(input.TenantId, $"retention-{input.RunId}", item.Collection, item.RecordId, fields, input.AsOf, $"retention:{input.RunId}");
        await ledger.AddAsync(entry, cancellationToken);
        return entry;
    }
}
