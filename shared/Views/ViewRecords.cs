using System.Runtime.CompilerServices;
using DataGovernance.Records;

namespace DataGovernance.Views;

/// <summary>
/// Reads the records a view shows with memory bounded by the page, whatever the collection's size. In id order a page
/// is a range scan from the cursor that stops when the page is full. Sorted otherwise, a page is one scan of the
/// collection keeping only a heap of the page's size of the next records after the cursor; a whole sorted stream
/// (exports) goes through <see cref="ExternalSort"/>.
/// </summary>
public sealed class ViewRecords(RecordStore store)
{
    /// <summary>Past the last character a record id may hold, so that a range to it covers every id.</summary>
    private const string AfterLastId = "~";

    public async Task<(IReadOnlyList<Record> Items, ViewCursor? Next)> PageAsync(
        string tenantId, ViewQuery query, int pageSize, ViewCursor? after, CancellationToken cancellationToken)
    {
        var generation = after?.Generation ?? await store.GetGenerationAsync(tenantId, cancellationToken);
        var items = query.IsSorted
            ? await SortedPageAsync(tenantId, generation, query, pageSize + 1, after, cancellationToken)
            : await IdOrderPageAsync(tenantId, generation, query, pageSize + 1, after, cancellationToken);
        if (items.Count <= pageSize)
        {
            return (items, null);
        }
        var last = query.PositionOf(items[pageSize - 1]);
        return (items[..pageSize], new ViewCursor(generation, last.Keys, last.Id));
    }

    /// <summary>
    /// Every record the view shows, in its order, streamed; sorted views spill runs of <paramref name="runSize"/> records to
    /// temporary files, holding each record only as <paramref name="shape"/> leaves it.
    /// </summary>
    public async IAsyncEnumerable<Record> StreamAsync(
        string tenantId, ViewQuery query, int runSize, [EnumeratorCancellation] CancellationToken cancellationToken, Func<Record, Record>? shape = null)
    {
        var generation = await store.GetGenerationAsync(tenantId, cancellationToken);
        var matching = Matching(store.ScanAsync(tenantId, generation, query.Collection, cancellationToken), query, cancellationToken);
        var ordered = query.IsSorted ? ExternalSort.SortAsync(matching, query, runSize, Path.GetTempPath(), cancellationToken, shape) : matching;
        await foreach (var record in ordered)
        {
            yield return record;
        }
    }

    private async Task<List<Record>> IdOrderPageAsync(
        string tenantId, int generation, ViewQuery query, int take, ViewCursor? after, CancellationToken cancellationToken)
    {
        var items = new List<Record>(take);
        await foreach (var record in store.ScanRangeAsync(tenantId, generation, query.Collection, after?.Id ?? "", AfterLastId, cancellationToken))
        {
            if (record.Id == after?.Id || !query.Matches(record))
            {
                continue;
            }
            items.Add(record);
            if (items.Count == take)
            {
                break;
            }
        }
        return items;
    }

    private async Task<List<Record>> SortedPageAsync(
        string tenantId, int generation, ViewQuery query, int take, ViewCursor? after, CancellationToken cancellationToken)
    {
        // A max-heap: the record that sorts last is dequeued first, so the heap keeps the first `take` after the cursor.
        var heap = new PriorityQueue<Record, SortPosition>(take + 1, Comparer<SortPosition>.Create((x, y) => query.Compare(y, x)));
        var cursor = after?.Position;
        await foreach (var record in store.ScanAsync(tenantId, generation, query.Collection, cancellationToken))
        {
            if (!query.Matches(record))
            {
                continue;
            }
            var position = query.PositionOf(record);
            if (cursor is not null && query.Compare(position, cursor) <= 0)
            {
                continue;
            }
            heap.Enqueue(record, position);
            if (heap.Count > take)
            {
                heap.Dequeue();
            }
        }
        var items = new List<Record>(heap.Count);
        while (heap.TryDequeue(out var record, out _))
        {
            items.Add(record);
        }
        items.Reverse();
        return items;
    }

    private static async IAsyncEnumerable<Record> Matching(
        IAsyncEnumerable<Record> records, ViewQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            if (query.Matches(record))
            {
                yield return record;
            }
        }
    }
}
