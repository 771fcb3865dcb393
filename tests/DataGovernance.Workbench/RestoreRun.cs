using System.Threading.Channels;
using Azure.Data.Tables;
using DataGovernance.Backup;
using DataGovernance.Records;
using DataGovernance.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Workbench;

/// <summary>The measured restore: a snapshot's records written back as the rows of a new generation.</summary>
public static class RestoreRun
{
    public const int Parallelism = 8;
    public const int RowsPerTransaction = 100;

    /// <summary>
    /// Reads and checks every chunk of the snapshot, collection by collection, and writes its records as rows of
    /// <paramref name="generation"/> in transactions of <see cref="RowsPerTransaction"/>, <see cref="Parallelism"/>
    /// at a time. Returns the number of records written.
    /// </summary>
    public static async Task<long> RestoreSnapshotAsync(IServiceProvider services, SnapshotManifest manifest, int generation, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<BackupStorage>().Primary;
        var table = services.GetRequiredService<HubStorage>().Primary.Table(StorageNames.RecordsTable);
        var batches = Channel.CreateBounded<List<TableTransactionAction>>(Parallelism * 2);
        var writers = Enumerable.Range(0, Parallelism).Select(_ => Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(cancellationToken))
                {
                    await table.SubmitTransactionAsync(batch, cancellationToken);
                }
            }
            catch (Exception ex)
            {
                batches.Writer.TryComplete(ex);
                throw;
            }
        }, cancellationToken)).ToList();

        var written = 0L;
        try
        {
            foreach (var collection in manifest.Collections)
            {
                var batch = new List<TableTransactionAction>(RowsPerTransaction);
                await foreach (var record in SnapshotReader.ReadAsync(store, manifest, collection.Name, cancellationToken))
                {
                    batch.Add(new TableTransactionAction(TableTransactionActionType.Add, RecordRows.ToEntity(manifest.TenantId, generation, record)));
                    written++;
                    if (batch.Count == RowsPerTransaction)
                    {
                        await batches.Writer.WriteAsync(batch, cancellationToken);
                        batch = new List<TableTransactionAction>(RowsPerTransaction);
                    }
                }
                if (batch.Count > 0)
                {
                    await batches.Writer.WriteAsync(batch, cancellationToken);
                }
            }
        }
        finally
        {
            batches.Writer.TryComplete();
        }
        await Task.WhenAll(writers);
        return written;
    }
}
