using DataGovernance.Records;

namespace DataGovernance.Backup;

/// <summary>The restore point a past state was rebuilt from, before the change log was replayed on top.</summary>
public sealed record BaseRestorePoint(string Id, long Position, DateTimeOffset PositionTime);

/// <summary>A moment in the tenant's past: the change-log position it maps to and the restore point used as base.</summary>
public sealed record HistoryMoment(DateTimeOffset At, long Position, BaseRestorePoint? RestorePoint);

/// <summary>One record as it was at a moment.</summary>
public sealed record RecordAtTime(DateTimeOffset At, long Position, BaseRestorePoint? RestorePoint, Record Record);

/// <summary>Records as they were at a moment, in id order (per collection, in the order of <see cref="Collections.Names"/>).</summary>
public sealed record RecordsAtTime(HistoryMoment Moment, IAsyncEnumerable<Record> Records);

/// <summary>How many records of one collection were created, updated and deleted between the two positions of a diff.</summary>
public sealed record DiffCount(string Collection, int Created, int Updated, int Deleted);

/// <summary>
/// The tenant at a moment compared with the tenant at <see cref="HeadPosition"/> (now, as of the first page): the
/// counts of every page are the same, the items are one page of the per-record changes.
/// </summary>
public sealed record TimeTravelDiff(
    DateTimeOffset At,
    long Position,
    long HeadPosition,
    IReadOnlyList<DiffCount> Counts,
    IReadOnlyList<RecordChange> Items,
    string? ContinuationToken);
