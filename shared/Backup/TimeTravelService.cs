using System.Globalization;
using System.Runtime.CompilerServices;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security.Events;
using static DataGovernance.Backup.TimeTravelParameters;

namespace DataGovernance.Backup;

/// <summary>
/// Time travel: a record, a collection or the whole tenant as it was at a moment, and what changed since. A moment
/// maps to the last change committed at or before it; before the tenant's first change everything is empty.
/// </summary>
public sealed class TimeTravelService(TenantHistory history, RecordStore records, SecurityEventService securityEvents, TimeProvider clock)
{
    public async Task<Result<RecordAtTime>> RecordAtAsync(string tenantId, string collection, string id, string? at, CancellationToken cancellationToken)
    {
        if ((CheckCollection(collection) ?? CheckRecordId(id)) is { } invalid)
        {
            return invalid;
        }
        var moment = await MomentAsync(tenantId, at, cancellationToken);
        if (!moment.Succeeded)
        {
            return moment.Failure;
        }
        var (instant, position, restorePoint) = moment.Value;
        var record = await history.RecordAtAsync(tenantId, collection, id, position, cancellationToken);
        return record is null ? RecordAbsent(collection, id, instant) : new RecordAtTime(instant, position, restorePoint, record);
    }

    /// <summary>The collection at the moment, streamed in id order; the download is a security event.</summary>
    public async Task<Result<RecordsAtTime>> CollectionAtAsync(
        string tenantId, string collection, string? at, WriteContext context, CancellationToken cancellationToken)
    {
        if (CheckCollection(collection) is { } unknown)
        {
            return unknown;
        }
        var moment = await MomentAsync(tenantId, at, cancellationToken);
        if (!moment.Succeeded)
        {
            return moment.Failure;
        }
        await RecordDownloadAsync(tenantId, collection, moment.Value, context, cancellationToken);
        return new RecordsAtTime(moment.Value, history.CollectionAtAsync(tenantId, collection, moment.Value.Position, cancellationToken));
    }

    /// <summary>Every collection at the moment, one after the other in the order of <see cref="Collections.Names"/>; the download is a security event.</summary>
    public async Task<Result<RecordsAtTime>> TenantAtAsync(string tenantId, string? at, WriteContext context, CancellationToken cancellationToken)
    {
        var moment = await MomentAsync(tenantId, at, cancellationToken);
        if (!moment.Succeeded)
        {
            return moment.Failure;
        }
        await RecordDownloadAsync(tenantId, "tenant", moment.Value, context, cancellationToken);
        return new RecordsAtTime(moment.Value, AllCollectionsAsync(tenantId, moment.Value.Position, cancellationToken));
    }

    private Task<SecurityEvent> RecordDownloadAsync(string tenantId, string scope, HistoryMoment moment, WriteContext context, CancellationToken cancellationToken) =>
        securityEvents.RecordAsync(tenantId, SecurityEventType.DataExported, context, null, new Dictionary<string, string>
        {
            [SecurityEventDetails.Scope] = scope,
            [SecurityEventDetails.At] = moment.At.ToString("O", CultureInfo.InvariantCulture),
        }, cancellationToken);

    /// <summary>
    /// The tenant at the moment against the tenant now: counts per collection and kind, and one page of changes in
    /// collection then id order. The first page fixes both positions in its token, so paging is stable.
    /// </summary>
    public async Task<Result<TimeTravelDiff>> DiffAsync(
        string tenantId, string? at, string? collection, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        if (collection is not null && CheckCollection(collection) is { } unknown)
        {
            return unknown;
        }
        var parsed = Moment(at, clock.GetUtcNow());
        if (!parsed.Succeeded)
        {
            return parsed.Failure;
        }
        var scope = Scope(tenantId, parsed.Value, collection);
        var head = (await records.GetHeadAsync(tenantId, cancellationToken)).LastSequence;
        var cursor = DecodeCursor(continuationToken, scope, head);
        if (!cursor.Succeeded)
        {
            return cursor.Failure;
        }
        // The head is read first: a change committed since can put the moment's position past it.
        var (from, to) = cursor.Value is { } resumed
            ? (resumed.From, resumed.To)
            : (Math.Min(await history.PositionAtAsync(tenantId, parsed.Value, cancellationToken), head), head);

        var names = collection is null ? Collections.Names.ToList() : [collection];
        var counts = names.ToDictionary(name => name, _ => new int[3], StringComparer.Ordinal);
        var page = new List<RecordChange>(pageSize);
        var more = false;
        await foreach (var change in history.DiffAsync(tenantId, from, to, collection, cancellationToken))
        {
            counts[change.Collection][(int)change.Kind]++;
            if (!IsAfter(change, cursor.Value, names))
            {
                continue;
            }
            if (page.Count < pageSize)
            {
                page.Add(change);
            }
            else
            {
                more = true;
            }
        }
        var next = more ? new DiffCursor(from, to, page[^1].Collection, page[^1].RecordId) : null;
        return new TimeTravelDiff(
            parsed.Value, from, to,
            [.. names.Select(name => new DiffCount(name, counts[name][(int)RecordChangeKind.Created], counts[name][(int)RecordChangeKind.Updated], counts[name][(int)RecordChangeKind.Deleted]))],
            page,
            EncodeCursor(next, scope));
    }

    private async Task<Result<HistoryMoment>> MomentAsync(string tenantId, string? at, CancellationToken cancellationToken)
    {
        var parsed = Moment(at, clock.GetUtcNow());
        if (!parsed.Succeeded)
        {
            return parsed.Failure;
        }
        var position = await history.PositionAtAsync(tenantId, parsed.Value, cancellationToken);
        var start = await history.BaseForAsync(tenantId, position, cancellationToken);
        var restorePoint = start.RestorePoint is { } point ? new BaseRestorePoint(point.Id, point.Position, point.PositionTime) : null;
        return new HistoryMoment(parsed.Value, position, restorePoint);
    }

    private async IAsyncEnumerable<Record> AllCollectionsAsync(string tenantId, long position, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var name in Collections.Names)
        {
            await foreach (var record in history.CollectionAtAsync(tenantId, name, position, cancellationToken))
            {
                yield return record;
            }
        }
    }

    /// <summary>Whether a change comes after the cursor in the diff's order (collections as listed, then ordinal ids).</summary>
    private static bool IsAfter(RecordChange change, DiffCursor? cursor, List<string> names)
    {
        if (cursor is null)
        {
            return true;
        }
        var order = names.IndexOf(change.Collection).CompareTo(names.IndexOf(cursor.Collection));
        return order > 0 || (order == 0 && string.CompareOrdinal(change.RecordId, cursor.RecordId) > 0);
    }
}
