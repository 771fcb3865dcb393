using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.Views;

/// <summary>
/// Sorts a stream of records of any length in a view's order with memory bounded by one run: runs of
/// <c>runSize</c> records are sorted in memory and spilled to temporary files (one JSON line per record), then merged
/// reading one line per run at a time. A stream that fits in one run never touches the disk. The files are deleted
/// when the enumeration ends, however it ends. Runs go to <c>directory</c> (the system's temporary folder in the hub).
/// </summary>
public static class ExternalSort
{
    private sealed record Spilled(IReadOnlyList<string?> Keys, Record Record);

    public static async IAsyncEnumerable<Record> SortAsync(
        IAsyncEnumerable<Record> records, ViewQuery query, int runSize, string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var buffer = new List<(SortPosition Position, Record Record)>(Math.Min(runSize, 4096));
        var runs = new List<string>();
        try
        {
            await foreach (var record in records.WithCancellation(cancellationToken))
            {
                buffer.Add((query.PositionOf(record), record));
                if (buffer.Count == runSize)
                {
                    runs.Add(await SpillAsync(buffer, query, directory, cancellationToken));
                    buffer.Clear();
                }
            }
            if (runs.Count == 0)
            {
                buffer.Sort((x, y) => query.Compare(x.Position, y.Position));
                foreach (var (_, record) in buffer)
                {
                    yield return record;
                }
                yield break;
            }
            if (buffer.Count > 0)
            {
                runs.Add(await SpillAsync(buffer, query, directory, cancellationToken));
                buffer.Clear();
            }
            await foreach (var record in MergeAsync(runs, query, cancellationToken))
            {
                yield return record;
            }
        }
        finally
        {
            foreach (var run in runs)
            {
                File.Delete(run);
            }
        }
    }

    private static async Task<string> SpillAsync(List<(SortPosition Position, Record Record)> buffer, ViewQuery query, string directory, CancellationToken cancellationToken)
    {
        buffer.Sort((x, y) => query.Compare(x.Position, y.Position));
        var path = Path.Combine(directory, $"dg-sort-{Guid.NewGuid():N}.jsonl");
        await using var file = new StreamWriter(path, append: false, new UTF8Encoding(false), 1 << 16);
        foreach (var (position, record) in buffer)
        {
            await file.WriteLineAsync(JsonSerializer.Serialize(new Spilled(position.Keys, record)).AsMemory(), cancellationToken);
        }
        return path;
    }

    private static async IAsyncEnumerable<Record> MergeAsync(IReadOnlyList<string> runs, ViewQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var readers = runs.Select(run => new StreamReader(run, Encoding.UTF8, false, 1 << 16)).ToList();
        try
        {
            var heads = new PriorityQueue<(int Run, Record Record), SortPosition>(readers.Count, query);
            for (var run = 0; run < readers.Count; run++)
            {
                await EnqueueNextAsync(heads, readers, run, cancellationToken);
            }
            while (heads.TryDequeue(out var head, out _))
            {
                yield return head.Record;
                await EnqueueNextAsync(heads, readers, head.Run, cancellationToken);
            }
        }
        finally
        {
            readers.ForEach(reader => reader.Dispose());
        }
    }

    private static async Task EnqueueNextAsync(
        PriorityQueue<(int Run, Record Record), SortPosition> heads, List<StreamReader> readers, int run, CancellationToken cancellationToken)
    {
        if (await readers[run].ReadLineAsync(cancellationToken) is { } line && JsonSerializer.Deserialize<Spilled>(line) is { } spilled)
        {
            heads.Enqueue((run, spilled.Record), new SortPosition(spilled.Keys, spilled.Record.Id));
        }
    }
}
