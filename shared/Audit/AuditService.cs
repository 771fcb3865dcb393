using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Audit;

/// <summary>Records audit events, lists them and proves that a chain has not been edited.</summary>
public sealed class AuditService(AuditLogStore store)
{
    public Task<AuditEntry> RecordAsync(AuditEvent auditEvent, CancellationToken cancellationToken) =>
        store.AppendAsync(auditEvent, cancellationToken);

    public async Task<Result<Page<AuditEntry>>> ListAsync(
        string chainId, AuditFilter filter, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("audit", chainId, filter.From, filter.To, filter.Actor, filter.Action, filter.Outcome);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(chainId, filter, pageSize, sdkToken, cancellationToken);
        return new Page<AuditEntry>(items, ContinuationToken.Encode(next, scope));
    }

    /// <summary>
    /// Recomputes every hash from the newest entry back to the first, in bounded memory, and reports the oldest
    /// entry that does not verify: an altered entry, a missing one, or a broken link between two.
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(string chainId, CancellationToken cancellationToken)
    {
        var (lastSequence, lastHash) = await store.GetHeadAsync(chainId, cancellationToken);
        long? firstBroken = null;
        string? problem = null;
        void Break(long sequence, string reason)
        {
            if (firstBroken is null || sequence <= firstBroken)
            {
                (firstBroken, problem) = (sequence, reason);
            }
        }

        long checkedEntries = 0;
        var expectedSequence = lastSequence;
        var expectedHash = lastHash;
        await foreach (var entry in store.ScanAsync(chainId, lastSequence, cancellationToken))
        {
            checkedEntries++;
            if (entry.Sequence != expectedSequence)
            {
                Break(entry.Sequence + 1, "missing-entry");
            }
            else if (entry.Hash != expectedHash)
            {
                Break(entry.Sequence == lastSequence ? entry.Sequence : entry.Sequence + 1, "link-broken");
            }
            if (!AuditChain.Verifies(entry))
            {
                Break(entry.Sequence, "entry-altered");
            }
            expectedSequence = entry.Sequence - 1;
            expectedHash = entry.PreviousHash;
        }
        if (expectedSequence > 0)
        {
            Break(1, "missing-entry");
        }
        else if (expectedHash != AuditChain.GenesisHash)
        {
            Break(1, "link-broken");
        }
        return new AuditVerification(firstBroken is null, checkedEntries, lastSequence, firstBroken, problem);
    }
}
