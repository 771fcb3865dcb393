using DataGovernance.Backup;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Privacy;

/// <summary>What the plan step hands the orchestration: whether the plan is approved already (a resumed erasure) and the records still to erase.</summary>
public sealed record ErasurePlan(bool Approved, IReadOnlyList<RecordReference> Pending);

/// <summary>
/// The steps of an erasure, each safe to repeat: plan (discovery and legal holds), erase records (legal holds checked
/// again, ledger entry first, then the record through <see cref="RecordService"/>, then the item's state), write the
/// ledger to the secondary region, certify, complete. Each step moves the erasure's status and, where it matters, the
/// request's history.
/// </summary>
public sealed class ErasureExecution(
    ErasureStore store, PrivacyRequestStore requests, PrivacyRequestJournal journal, ErasureDiscovery lookup,
    RecordService records, ErasureLedgerStore ledger, BackupService backups, ErasureCertificates certificates, TimeProvider clock,
    ILogger<ErasureExecution> logger)
{
    public static WriteContext Context(string requestId) => new(Actor.System("erasure"), $"erasure:{requestId}");

    public async Task<ErasurePlan> PlanAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        var (erasure, request) = await LoadAsync(tenantId, requestId, cancellationToken);
        if (erasure.ApprovedBy is not null)
        {
            return new ErasurePlan(true, await PendingAsync(tenantId, requestId, cancellationToken));
        }
        var subject = ErasureService.SubjectOf(request);
        var (planned, learned) = await lookup.DiscoverAsync(tenantId, subject, cancellationToken);
        var items = planned.Select(found => found.Item).ToList();
        var held = await lookup.HeldAsync(tenantId, [.. items.Select(item => new RecordReference(item.Collection, item.RecordId))], [subject, .. learned], cancellationToken);
        var keep = new HashSet<(string, string)>();
        foreach (var item in items)
        {
            var hold = held.GetValueOrDefault(new RecordReference(item.Collection, item.RecordId));
            await store.SaveItemAsync(tenantId, requestId, hold is null ? item : item with { State = ErasureItemState.Held, Hold = new ErasureHold(hold.HoldId, hold.Reason) },
                cancellationToken);
            keep.Add((item.Collection, item.RecordId));
        }
        foreach (var stale in (await store.ItemsAsync(tenantId, requestId, cancellationToken)).Where(item => !keep.Contains((item.Collection, item.RecordId))))
        {
            await store.DeleteItemAsync(tenantId, requestId, stale.Collection, stale.RecordId, cancellationToken);
        }
        var heldCount = items.Count(item => held.ContainsKey(new RecordReference(item.Collection, item.RecordId)));
        await store.UpdateAsync(tenantId, requestId, current => current.Status == ErasureStatus.Planning
            ? current with { Status = ErasureStatus.AwaitingApproval, Planned = items.Count - heldCount, Held = heldCount, UpdatedAt = clock.GetUtcNowForStorage() }
            : current, cancellationToken);
        if (erasure.Status == ErasureStatus.Planning)
        {
            logger.Planned(requestId, tenantId, items.Count - heldCount, heldCount);
            await StepAsync(tenantId, requestId, "ErasurePlanned", $"{items.Count - heldCount} record(s) to erase, {heldCount} kept under legal hold; awaiting approval.", cancellationToken);
        }
        return new ErasurePlan(false, await PendingAsync(tenantId, requestId, cancellationToken));
    }

    /// <summary>
    /// Erases the records in turn; a record erased before (by an earlier attempt) is left as it is. The subject's own
    /// records come last in the plan, so that while others are erased their identifiers can still be read from them.
    /// </summary>
    public async Task<int> EraseAsync(string tenantId, string requestId, IReadOnlyList<RecordReference> batch, CancellationToken cancellationToken)
    {
        var (erasure, request) = await LoadAsync(tenantId, requestId, cancellationToken);
        var subject = await IdentifiersAsync(tenantId, requestId, request, cancellationToken);
        // A hold placed while the plan awaited approval keeps its records too.
        var held = await lookup.HeldAsync(tenantId, batch, subject, cancellationToken);
        var erased = 0;
        foreach (var reference in batch)
        {
            if (await store.GetItemAsync(tenantId, requestId, reference.Collection, reference.RecordId, cancellationToken) is not { State: ErasureItemState.Pending } item)
            {
                continue;
            }
            if (held.GetValueOrDefault(reference) is { } hold)
            {
                await store.SaveItemAsync(tenantId, requestId, item with { State = ErasureItemState.Held, Hold = new ErasureHold(hold.HoldId, hold.Reason) }, cancellationToken);
                continue;
            }
            await store.SaveItemAsync(tenantId, requestId, await EraseRecordAsync(tenantId, requestId, erasure.Pseudonym, subject, item, cancellationToken), cancellationToken);
            erased++;
        }
        await RedactChangesAsync(tenantId, requestId, batch, cancellationToken);
        return erased;
    }

    /// <summary>
    /// Takes what the batch erased out of the records' change log, in one pass per collection. Every record of the batch
    /// with a ledger entry counts, also those an earlier attempt erased, so a retried batch redacts again.
    /// </summary>
    private async Task RedactChangesAsync(string tenantId, string requestId, IReadOnlyList<RecordReference> batch, CancellationToken cancellationToken)
    {
        var entries = new List<ErasureLedgerEntry>(batch.Count);
        foreach (var reference in batch)
        {
            if (await ledger.GetAsync(tenantId, reference.Collection, reference.RecordId, requestId, cancellationToken) is { } entry)
            {
                entries.Add(entry);
            }
        }
        await records.RedactChangesAsync(tenantId, entries, cancellationToken);
    }

    /// <summary>The request's identifiers and those of the subject's own records not erased (with their phone and national ids in normal form too).</summary>
    private async Task<IReadOnlyList<SubjectIdentifiers>> IdentifiersAsync(string tenantId, string requestId, PrivacyRequest request, CancellationToken cancellationToken)
    {
        var given = ErasureService.SubjectOf(request);
        List<SubjectIdentifiers> identifiers = [given];
        foreach (var own in (await store.ItemsAsync(tenantId, requestId, cancellationToken)).Where(item => item.OwnRecord && item.State is ErasureItemState.Pending or ErasureItemState.Held))
        {
            var record = await records.GetAsync(tenantId, own.Collection, own.RecordId, allowCached: false, cancellationToken);
            if (record.Succeeded)
            {
                identifiers.Add(ErasureRules.IdentifiersOf(record.Value.Data));
                if (ErasureRules.LearnedFrom(record.Value.Data, given) is { } learned)
                {
                    identifiers.Add(learned);
                }
            }
        }
        return identifiers;
    }

    private async Task<ErasureItem> EraseRecordAsync(
        string tenantId, string requestId, string pseudonym, IReadOnlyList<SubjectIdentifiers> subject, ErasureItem item, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var current = await records.GetAsync(tenantId, item.Collection, item.RecordId, allowCached: false, cancellationToken);
        var entry = await ledger.GetAsync(tenantId, item.Collection, item.RecordId, requestId, cancellationToken);
        if (!current.Succeeded)
        {
            // Deleted meanwhile: the ledger keeps the whole record out of every restore.
            await ledger.AddAsync(entry ?? new ErasureLedgerEntry(tenantId, requestId, item.Collection, item.RecordId, new Dictionary<string, System.Text.Json.JsonElement?>(),
                now, requestId), cancellationToken);
            return item with { State = ErasureItemState.Gone, ErasedAt = now };
        }
        var record = current.Value;
        if (entry is null)
        {
            var changes = ErasureRules.Fit(item.Collection, record.Data, ErasureRules.Changes(item.Collection, record.Data, item.Fields, subject, pseudonym));
            if (changes.Count == 0)
            {
                // The planned fields are gone meanwhile. No entry: an entry without fields would erase the whole record on every restore.
                return item with { State = ErasureItemState.Erased, ErasedAt = now, VersionAfter = record.Version, SecondaryLedgerWritten = true };
            }
            entry = new ErasureLedgerEntry(tenantId, requestId, item.Collection, item.RecordId, changes, now, requestId);
            await ledger.AddAsync(entry, cancellationToken);
        }
        var erasedData = ErasureSet.ApplyFields(record.Data, entry.Fields);
        if (erasedData.GetRawText() == record.Data.GetRawText())
        {
            return item with { State = ErasureItemState.Erased, ErasedAt = entry.ErasedAt, VersionAfter = record.Version };
        }
        var written = await records.ReplaceAsync(tenantId, item.Collection, item.RecordId, erasedData, record.Version, Context(requestId), cancellationToken);
        if (!written.Succeeded)
        {
            throw new InvalidOperationException($"Could not erase {item.Collection}/{item.RecordId}: {written.Failure.Code}: {written.Failure.Detail}");
        }
        return item with { State = ErasureItemState.Erased, ErasedAt = entry.ErasedAt, VersionAfter = written.Value.Version };
    }

    /// <summary>
    /// Writes the erasure's ledger entries to the secondary account, unless it holds nothing of the tenant (no replica
    /// allowed by residency or policy); returns what the certificate says about the secondary region.
    /// </summary>
    public async Task<string> ReplicateLedgerAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        await store.UpdateAsync(tenantId, requestId, current => current with { Status = ErasureStatus.Replicating }, cancellationToken);
        var items = await store.ItemsAsync(tenantId, requestId, cancellationToken);
        string outcome;
        if (await backups.ReplicationRefusalAsync(tenantId, cancellationToken) is { } refusal)
        {
            outcome = $"Not written: the secondary region holds no copy of this tenant's data ({refusal})";
        }
        else
        {
            foreach (var item in items.Where(item => item.State is ErasureItemState.Erased or ErasureItemState.Gone && !item.SecondaryLedgerWritten))
            {
                var entry = await ledger.GetAsync(tenantId, item.Collection, item.RecordId, requestId, cancellationToken)
                    ?? throw new InvalidOperationException($"The ledger entry of {item.Collection}/{item.RecordId} is missing.");
                await ledger.AddToSecondaryAsync(entry, cancellationToken);
                await store.SaveItemAsync(tenantId, requestId, item with { SecondaryLedgerWritten = true }, cancellationToken);
            }
            outcome = $"Erasure ledger written to the secondary region for {items.Count(item => item.State is ErasureItemState.Erased or ErasureItemState.Gone)} record(s); restores there re-apply it";
        }
        await store.UpdateAsync(tenantId, requestId, current => current with { Secondary = outcome, Status = ErasureStatus.Certifying }, cancellationToken);
        return outcome;
    }

    public async Task<ErasureCertificateInfo> CertifyAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        var (erasure, request) = await LoadAsync(tenantId, requestId, cancellationToken);
        if (erasure.Certificate is { } issued)
        {
            return issued;
        }
        var items = await store.ItemsAsync(tenantId, requestId, cancellationToken);
        var ledgerEntries = 0;
        foreach (var item in items.Where(item => item.State is ErasureItemState.Erased or ErasureItemState.Gone))
        {
            // A record whose planned fields were gone by then has nothing to re-apply and no entry.
            ledgerEntries += await ledger.GetAsync(tenantId, item.Collection, item.RecordId, requestId, cancellationToken) is null ? 0 : 1;
        }
        var certificate = await certificates.IssueAsync(request, erasure, items, ledgerEntries, clock.GetUtcNowForStorage(), tenantId, cancellationToken);
        await store.UpdateAsync(tenantId, requestId, current => current with { Certificate = certificate }, cancellationToken);
        return certificate;
    }

    /// <summary>Marks the erasure complete and completes the request with a resolution naming what was erased and kept.</summary>
    public async Task CompleteAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        var items = await store.ItemsAsync(tenantId, requestId, cancellationToken);
        var now = clock.GetUtcNowForStorage();
        var erasure = await store.UpdateAsync(tenantId, requestId, current => current.Status == ErasureStatus.Completed ? current
            : current with { Status = ErasureStatus.Completed, CompletedAt = now, UpdatedAt = now }, cancellationToken);
        var erased = items.Count(item => item.State is ErasureItemState.Erased or ErasureItemState.Gone);
        logger.Completed(requestId, tenantId, erased);
        var held = items.Where(item => item.Hold is not null).Select(item => $"{item.Collection}/{item.RecordId} ({item.Hold!.Reason})").ToList();
        var resolution = $"Erased {erased} record(s); certificate {erasure.Certificate?.CertificateId}."
            + (held.Count == 0 ? "" : $" Kept under legal hold: {string.Join("; ", held)}.");
        await journal.ChangeAsync(tenantId, requestId, (request, at) => request.Status.IsClosed()
            ? new PrivacyRequestChange(request, null)
            : new PrivacyRequestChange(request with { Status = PrivacyRequestStatus.Completed, Resolution = Trim(resolution), ClosedAt = at }, "Completed", Trim(resolution)),
            Context(requestId), cancellationToken);
    }

    /// <summary>Records why a step failed: the erasure shows Failed with the reason until it is started again.</summary>
    public async Task FailAsync(string tenantId, string requestId, string reason, CancellationToken cancellationToken)
    {
        logger.Failed(requestId, tenantId);
        await store.UpdateAsync(tenantId, requestId, current => current with
        {
            Status = ErasureStatus.Failed, FailureReason = Trim(reason), UpdatedAt = clock.GetUtcNowForStorage(),
        }, cancellationToken);
        await StepOnceAsync(tenantId, requestId, "ErasureFailed", Trim(reason), cancellationToken);
    }

    /// <summary>
    /// Expires a plan still awaiting approval and returns the erasure's status: Expired, or the decision's status
    /// (Erasing, Rejected) when the plan was decided just before the wait ran out, so the decision stands.
    /// </summary>
    public async Task<ErasureStatus> ExpireAsync(string tenantId, string requestId, TimeSpan waited, CancellationToken cancellationToken)
    {
        var erasure = await store.UpdateAsync(tenantId, requestId, current => current.Status == ErasureStatus.AwaitingApproval
            ? current with { Status = ErasureStatus.Expired, FailureReason = $"Not approved within {waited}.", UpdatedAt = clock.GetUtcNowForStorage() }
            : current, cancellationToken);
        if (erasure.Status == ErasureStatus.Expired)
        {
            await StepOnceAsync(tenantId, requestId, "ErasureExpired", $"The plan was not approved within {waited}.", cancellationToken);
        }
        return erasure.Status;
    }

    private async Task StepAsync(string tenantId, string requestId, string action, string? note, CancellationToken cancellationToken) =>
        await journal.ChangeAsync(tenantId, requestId, (request, _) => new PrivacyRequestChange(request, action, note), Context(requestId), cancellationToken);

    /// <summary>Adds the step unless it is the request's latest erasure step already (a repeated activity writes it once).</summary>
    private async Task StepOnceAsync(string tenantId, string requestId, string action, string note, CancellationToken cancellationToken)
    {
        var latest = (await requests.HistoryAsync(tenantId, requestId, cancellationToken))
            .LastOrDefault(step => step.Action.StartsWith("Erasure", StringComparison.Ordinal));
        if (latest is null || latest.Action != action || latest.Note != note)
        {
            await StepAsync(tenantId, requestId, action, note, cancellationToken);
        }
    }

    private async Task<IReadOnlyList<RecordReference>> PendingAsync(string tenantId, string requestId, CancellationToken cancellationToken) =>
        [.. (await store.ItemsAsync(tenantId, requestId, cancellationToken)).Where(item => item.State == ErasureItemState.Pending)
            .OrderBy(item => item.OwnRecord).Select(item => new RecordReference(item.Collection, item.RecordId))];

    private async Task<(Erasure Erasure, PrivacyRequest Request)> LoadAsync(string tenantId, string requestId, CancellationToken cancellationToken) =>
        ((await store.GetAsync(tenantId, requestId, cancellationToken))?.Erasure ?? throw new InvalidOperationException($"There is no erasure for '{requestId}'."),
            (await requests.GetAsync(tenantId, requestId, cancellationToken))?.Request ?? throw new InvalidOperationException($"There is no privacy request '{requestId}'."));

    private static string Trim(string text) => text.Length <= PrivacyRequestService.MaxReasonLength ? text : text[..(PrivacyRequestService.MaxReasonLength - 1)] + "…";
}
