using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using DataGovernance.Storage;

namespace DataGovernance.Workbench;

/// <summary>The storage operations a backup and a restore come down to, done plainly: what they are measured against.</summary>
public static class RawBaselines
{
    /// <summary>Uploads each byte array as a blob of its own, <paramref name="parallelism"/> at a time; returns the elapsed time.</summary>
    public static async Task<TimeSpan> UploadBlobsAsync(BlobContainerClient container, IReadOnlyList<byte[]> blobs, int parallelism, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(blobs.Select((bytes, index) => (bytes, index)), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (blob, token) => await container.GetBlobClient($"raw/{blob.index:D6}").UploadAsync(new BinaryData(blob.bytes), token));
        return watch.Elapsed;
    }

    /// <summary>Reads every row of the given key prefixes of one partition, <paramref name="parallelism"/> prefixes at a time; returns the elapsed time and the row count.</summary>
    public static async Task<(TimeSpan Elapsed, long Rows)> ScanRowsAsync(TableClient table, string partitionKey, IReadOnlyList<string> prefixes, int parallelism, CancellationToken cancellationToken)
    {
        var rows = 0L;
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(prefixes, new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken }, async (prefix, token) =>
        {
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey} and RowKey ge {prefix} and RowKey lt {RowKeys.PrefixEnd(prefix)}");
            await foreach (var row in table.QueryAsync<TableEntity>(filter, 1000, cancellationToken: token))
            {
                Interlocked.Increment(ref rows);
            }
        });
        return (watch.Elapsed, rows);
    }

    /// <summary>Inserts the rows (one partition) in transactions of <paramref name="perTransaction"/>, <paramref name="parallelism"/> at a time.</summary>
    public static async Task<TimeSpan> InsertRowsAsync(TableClient table, IReadOnlyList<TableEntity> rows, int perTransaction, int parallelism, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(rows.Chunk(perTransaction), new ParallelOptions { MaxDegreeOfParallelism = parallelism, CancellationToken = cancellationToken },
            async (batch, token) => await table.SubmitTransactionAsync(batch.Select(row => new TableTransactionAction(TableTransactionActionType.Add, row)), token));
        return watch.Elapsed;
    }
}
