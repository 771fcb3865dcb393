using DataGovernance.Outcomes;

namespace DataGovernance.Records;

/// <summary>A rule another feature applies to record writes: checked before a create or replace commits; a failure refuses the write and nothing is stored.</summary>
public interface IRecordWriteCheck
{
    Task<Failure?> CheckAsync(string tenantId, Record written, CancellationToken cancellationToken);
}

/// <summary>
/// Another feature's follow-up to committed record writes (creates, replaces and deletes). The write stands whatever
/// happens here, so an observer must not depend on being told: whatever it keeps must be repairable from the records.
/// </summary>
public interface IRecordWriteObserver
{
    Task CommittedAsync(string tenantId, IReadOnlyList<ChangeLogEntry> changes, CancellationToken cancellationToken);

    /// <summary>
    /// Whether bulk changes (imports) of <paramref name="collection"/> are told too: they are read back from the change log
    /// for it, so an observer says which collections it cares about; false where the bulk change's own follow-up covers it.
    /// </summary>
    bool FollowsBulkChangesOf(string collection) => true;
}
