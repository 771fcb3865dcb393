using DataGovernance.Outcomes;

namespace DataGovernance.Records;

/// <summary>
/// A rule another feature applies to record writes: checked before a create or replace commits (a failure refuses
/// the write and nothing is stored), told after it committed. Deletes are not checked.
/// </summary>
public interface IRecordWriteCheck
{
    Task<Failure?> CheckAsync(string tenantId, Record written, CancellationToken cancellationToken);

    Task CommittedAsync(string tenantId, Record written, CancellationToken cancellationToken);
}
