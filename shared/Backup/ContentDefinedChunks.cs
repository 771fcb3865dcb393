using System.Runtime.CompilerServices;
using System.Text;
using DataGovernance.Records;

namespace DataGovernance.Backup;

/// <summary>
/// Cuts a collection's records (in id order) into chunks whose boundaries depend on the record ids alone: a chunk
/// ends after a record whose id hash hits the boundary pattern (about one in <see cref="AverageRecords"/>) or at
/// <see cref="MaxRecords"/>. A change to one record therefore changes one chunk, and the others are shared with
/// earlier snapshots.
/// </summary>
public static class ContentDefinedChunks
{
    public const int AverageRecords = 1024;
    public const int MaxRecords = 4096;

    public static async IAsyncEnumerable<List<Record>> SplitAsync(IAsyncEnumerable<Record> records, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunk = new List<Record>();
        await foreach (var record in records.WithCancellation(cancellationToken))
        {
            chunk.Add(record);
            if (IsBoundary(record.Id) || chunk.Count >= MaxRecords)
            {
                yield return chunk;
                chunk = [];
            }
        }
        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    public static IEnumerable<List<Record>> Split(IEnumerable<Record> records)
    {
        var chunk = new List<Record>();
        foreach (var record in records)
        {
            chunk.Add(record);
            if (IsBoundary(record.Id) || chunk.Count >= MaxRecords)
            {
                yield return chunk;
                chunk = [];
            }
        }
        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    public static bool IsBoundary(string recordId)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(recordId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }
        return hash % AverageRecords == 0;
    }
}
