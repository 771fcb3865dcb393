using System.Runtime.CompilerServices;
using DataGovernance.Privacy;
using DataGovernance.Records;

namespace DataGovernance.Backup;

/// <summary>
/// One record of the generation a restore builds: its live state, the state it will have (null: absent), and
/// what that does to it (null: nothing).
/// </summary>
public sealed record RestoreStep(string Collection, string RecordId, Record? Current, Record? Restored, RestoreAction? Action);

/// <summary>
/// Works out, record by record, the generation a restore produces: records in scope take their state at the
/// target position, the others keep their live state, and every erasure in the ledger is applied again. Streams
/// each collection as a merge of two id-ordered streams, so memory does not grow with the tenant.
/// </summary>
/// <remarks>
/// A collection in scope is rebuilt from its state at the target plus the change log since: a record the log does
/// not mention after the target is live exactly as it was then. Only when the log holds more than
/// <see cref="MaxChangesReplayed"/> changes since the target is the live generation read instead.
/// </remarks>
public sealed class RestorePlan(TenantHistory history, RecordStore records, ErasureLedgerStore erasures)
{
    public const int MaxChangesReplayed = 50_000;

    /// <summary>The steps against the live records: <paramref name="live"/>'s generation, at its last sequence.</summary>
    public IAsyncEnumerable<RestoreStep> StepsAsync(RestoreRequest request, FrozenHead live, CancellationToken cancellationToken) =>
        StepsAsync(request, live, replayChanges: live.LastSequence - request.TargetPosition <= MaxChangesReplayed, cancellationToken);

    /// <summary>As above, choosing how the live state of the collections in scope is found (both give the same steps).</summary>
    public async IAsyncEnumerable<RestoreStep> StepsAsync(
        RestoreRequest request, FrozenHead live, bool replayChanges, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chosen = request.Scope == RestoreScope.Records ? request.RecordIds.ToHashSet(StringComparer.Ordinal) : null;
        foreach (var collection in Collections.Names)
        {
            var erased = await erasures.ForCollectionAsync(request.TenantId, collection, cancellationToken);
            var pairs = !request.Covers(collection)
                ? MergeAsync(records.ScanAsync(request.TenantId, live.Generation, collection, cancellationToken), AsyncEnumerable.Empty<Record>(), cancellationToken)
                : replayChanges
                    ? LiveFromTargetAsync(history.CollectionAtAsync(request.TenantId, collection, request.TargetPosition, cancellationToken),
                        await history.LatestStatesAsync(request.TenantId, collection, request.TargetPosition, live.LastSequence, cancellationToken), cancellationToken)
                    : MergeAsync(records.ScanAsync(request.TenantId, live.Generation, collection, cancellationToken),
                        history.CollectionAtAsync(request.TenantId, collection, request.TargetPosition, cancellationToken), cancellationToken);
            await foreach (var (id, current, then) in pairs)
            {
                var desired = request.Covers(collection) && (chosen is null || chosen.Contains(id)) ? then : current;
                desired = desired is null ? null : erased.Apply(desired);
                yield return new RestoreStep(collection, id, current, desired, ActionFor(current, desired));
            }
        }
    }

    public async Task<RestoreImpact> AssessAsync(RestoreRequest request, CancellationToken cancellationToken)
    {
        var impact = new ImpactCounter();
        var head = await records.GetHeadAsync(request.TenantId, cancellationToken);
        await foreach (var step in StepsAsync(request, new FrozenHead(head.Generation, head.LastSequence), cancellationToken))
        {
            impact.Add(step);
        }
        return impact.ToImpact();
    }

    private static RestoreAction? ActionFor(Record? current, Record? desired) => (current, desired) switch
    {
        (null, null) => null,
        (null, _) => RestoreAction.Create,
        (_, null) => RestoreAction.Delete,
        _ when current.Data.GetRawText() == desired.Data.GetRawText() => null,
        _ => RestoreAction.Update,
    };

    /// <summary>
    /// Pairs each record's live state with its state at the target: the latest state of the records changed since
    /// (<paramref name="changedSince"/>), and the target state itself for every other record.
    /// </summary>
    private static async IAsyncEnumerable<(string Id, Record? Live, Record? Target)> LiveFromTargetAsync(
        IAsyncEnumerable<Record> target, SortedDictionary<string, Record?> changedSince, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var changed = changedSince.GetEnumerator();
        var hasChanged = changed.MoveNext();
        await foreach (var then in target.WithCancellation(cancellationToken))
        {
            while (hasChanged && string.CompareOrdinal(changed.Current.Key, then.Id) < 0)
            {
                yield return (changed.Current.Key, changed.Current.Value, null);
                hasChanged = changed.MoveNext();
            }
            if (hasChanged && changed.Current.Key == then.Id)
            {
                yield return (then.Id, changed.Current.Value, then);
                hasChanged = changed.MoveNext();
            }
            else
            {
                yield return (then.Id, then, then);
            }
        }
        for (; hasChanged; hasChanged = changed.MoveNext())
        {
            yield return (changed.Current.Key, changed.Current.Value, null);
        }
    }

    /// <summary>Pairs two id-ordered streams by id.</summary>
    private static async IAsyncEnumerable<(string Id, Record? Left, Record? Right)> MergeAsync(
        IAsyncEnumerable<Record> left, IAsyncEnumerable<Record> right, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var l = left.GetAsyncEnumerator(cancellationToken);
        await using var r = right.GetAsyncEnumerator(cancellationToken);
        var hasLeft = await l.MoveNextAsync();
        var hasRight = await r.MoveNextAsync();
        while (hasLeft || hasRight)
        {
            var order = !hasLeft ? 1 : !hasRight ? -1 : string.CompareOrdinal(l.Current.Id, r.Current.Id);
            if (order < 0)
            {
                yield return (l.Current.Id, l.Current, null);
                hasLeft = await l.MoveNextAsync();
            }
            else if (order > 0)
            {
                yield return (r.Current.Id, null, r.Current);
                hasRight = await r.MoveNextAsync();
            }
            else
            {
                yield return (l.Current.Id, l.Current, r.Current);
                hasLeft = await l.MoveNextAsync();
                hasRight = await r.MoveNextAsync();
            }
        }
    }
}

/// <summary>Counts the actions of a restore per collection and lists the first few records.</summary>
public sealed class ImpactCounter
{
    private readonly Dictionary<string, long[]> _counts = new(StringComparer.Ordinal);
    private readonly List<RecordImpact> _listed = [];
    private bool _truncated;

    public void Add(RestoreStep step)
    {
        if (step.Action is not { } action)
        {
            return;
        }
        var counts = _counts.TryGetValue(step.Collection, out var existing) ? existing : _counts[step.Collection] = new long[3];
        counts[(int)action]++;
        if (_listed.Count < RestoreImpact.MaxListed)
        {
            _listed.Add(new RecordImpact(step.Collection, step.RecordId, action));
        }
        else
        {
            _truncated = true;
        }
    }

    public RestoreImpact ToImpact()
    {
        var collections = _counts.Select(pair => new CollectionImpact(pair.Key, pair.Value[0], pair.Value[1], pair.Value[2])).ToList();
        return new RestoreImpact(collections.Sum(c => c.Create), collections.Sum(c => c.Update), collections.Sum(c => c.Delete), collections, _listed, _truncated);
    }
}
