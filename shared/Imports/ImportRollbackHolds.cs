using DataGovernance.Classification;
using DataGovernance.Outcomes;
using DataGovernance.Privacy;
using DataGovernance.Records;

namespace DataGovernance.Imports;

/// <summary>
/// Legal holds on the records of an import batch. A rollback deletes every record the batch created, so one held record
/// refuses the whole rollback: nothing is removed, the batch stays committed. A record is held as retention sees it: by a
/// hold on the record itself, or by a hold on a data subject whose e-mail, phone or national id the record holds in its own
/// fields or anywhere classification indexed one. Checked when the rollback is asked for and again under the freeze, so a
/// hold placed in between counts too.
/// </summary>
public sealed class ImportRollbackHolds(RecordStore records, LegalHoldService holds, SubjectIndexStore subjectIndex)
{
    /// <summary>Why the rollback of <paramref name="batch"/> must not run, or null when no record of it is held.</summary>
    public async Task<Failure?> RefusalAsync(string tenantId, ImportBatch batch, CancellationToken cancellationToken)
    {
        var active = await holds.ActiveAsync(tenantId, cancellationToken);
        if (active.IsEmpty)
        {
            return null;
        }
        var indexed = await IndexedSubjectKeysAsync(tenantId, batch, active, cancellationToken);
        var held = new List<(string RecordId, string HoldId)>();
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        var (first, last) = ImportBatch.RecordIdRange(batch.Id);
        await foreach (var record in records.ScanRangeAsync(tenantId, generation, batch.Collection, first, last, cancellationToken))
        {
            var keys = active.HasSubjectHolds
                ? holds.KeysOf(tenantId, RetentionFields.Subject(record), indexed.GetValueOrDefault(record.Id) ?? [])
                : new HashSet<string>(StringComparer.Ordinal);
            if (active.Find(new RecordReference(record.Collection, record.Id), keys) is { } hold)
            {
                held.Add((record.Id, hold.Id));
            }
        }
        return held.Count == 0 ? null : Failure.Conflict("import-records-on-hold",
            $"{held.Count} record(s) of this import are under legal hold ({string.Join(", ", held.Select(item => item.HoldId).Distinct(StringComparer.Ordinal))}; " +
            $"first {held[0].RecordId}); a rollback would delete them, so it removes nothing. Release the hold or leave the import committed.");
    }

    /// <summary>Throws when a record of the batch is held, so that a rollback run stops before it has written anything.</summary>
    public async Task EnsureNoneHeldAsync(string tenantId, ImportBatch batch, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(tenantId, batch, cancellationToken) is { } refusal)
        {
            throw new ImportRunException(refusal.Detail);
        }
    }

    /// <summary>
    /// The held subjects' keys classification found in records of the batch, by record: one index lookup per held key
    /// rather than one classification read per record, so a large batch costs what its holds cost.
    /// </summary>
    private async Task<Dictionary<string, List<string>>> IndexedSubjectKeysAsync(
        string tenantId, ImportBatch batch, ActiveLegalHolds active, CancellationToken cancellationToken)
    {
        var prefix = ImportBatch.RecordIdPrefix(batch.Id);
        var found = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var key in active.SubjectKeys)
        {
            foreach (var entry in await subjectIndex.FindAsync(tenantId, key, cancellationToken))
            {
                if (entry.Collection == batch.Collection && entry.RecordId.StartsWith(prefix, StringComparison.Ordinal))
                {
                    (found.TryGetValue(entry.RecordId, out var keys) ? keys : found[entry.RecordId] = []).Add(key);
                }
            }
        }
        return found;
    }
}
