using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.Views;

/// <summary>
/// Sorts a stream of records of any length in a view's order with memory bounded by one run: runs of
/// <c>runSize</c> records are sorted in memory and spilled to temporary files (one JSON line per record), then merged
/// reading one line per run at a time. A stream that fits in one run never touches the disk. A run holds only the sort
/// keys and the record as <c>shape</c> leaves it (an export's projected, masked fields), and its file has no name on disk
/// once it is open (deleted on close where an open file cannot be unlinked), so it does not outlive the process.
/// Runs go to <c>directory</c> (the system's temporary folder in the hub).
/// </summary>
public static class ExternalSort
{
    private sealed record Spilled(IReadOnlyList<string?> Keys, Record Record);

    public static async IAsyncEnumerable<Record> SortAsync(
        IAsyncEnumerable<Record> records, ViewQuery query, int runSize, string directory, [EnumeratorCancellation] CancellationToken cancellationToken,
        Func<Record, Record>? shape = null)
    {
        var buffer = new List<(SortPosition Position, Record Record)>(Math.Min(runSize, 4096));
        var runs = new List<FileStream>();
        try
        {
            await foreach (var record in records.WithCancellation(cancellationToken))
            {
                buffer.Add((query.PositionOf(record), shape is null ? record : shape(record)));
                if (buffer.Count == runSize)
                {
                    await SpillAsync(buffer, query, directory, runs, cancellationToken);
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
                await SpillAsync(buffer, query, directory, runs, cancellationToken);
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
                await run.DisposeAsync();
            }
        }
    }

    /// <summary>Sorts the buffer into a new run, added to <paramref name="runs"/> before anything is written so it is always closed.</summary>
    private static async Task SpillAsync(
        List<(SortPosition Position, Record Record)> buffer, ViewQuery query, string directory, List<FileStream> runs, CancellationToken cancellationToken)
    {
        buffer.Sort((x, y) => query.Compare(x.Position, y.Position));
        var path = Path.Combine(directory, $"dg-sort-{Guid.NewGuid():N}.jsonl");
        var run = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, 1 << 16,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        runs.Add(run);
        if (!OperatingSystem.IsWindows())
        {
            File.Delete(path);
        }
        await using (var file = new StreamWriter(run, new UTF8Encoding(false), 1 << 16, leaveOpen: true))
        {
            foreach (var (position, record) in buffer)
            {
                await file.WriteLineAsync(JsonSerializer.Serialize(new Spilled(position.Keys, record)).AsMemory(), cancellationToken);
            }
        }
        run.Position = 0;
    }

    private static async IAsyncEnumerable<Record> MergeAsync(IReadOnlyList<FileStream> runs, ViewQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var readers = runs.Select(run => new StreamReader(run, Encoding.UTF8, false, 1 << 16, leaveOpen: true)).ToList();
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
