using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using DataGovernance.Runtime;

namespace DataGovernance.Storage;

/// <summary>The table, blob and queue clients of one storage account.</summary>
public sealed class StorageAccount
{
    /// <param name="retry">Changes the SDK's retry settings of every client of the account (null: the SDK's defaults).</param>
    public StorageAccount(string name, StorageConnection connection, Action<RetryOptions>? retry = null)
    {
        Name = name;
        var (tableOptions, blobOptions) = (new TableClientOptions(), new BlobClientOptions());
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.MessageDecodingFailed += PoisonQueues.MoveUndecodableAsync;
        foreach (var options in new ClientOptions[] { tableOptions, blobOptions, queueOptions })
        {
            retry?.Invoke(options.Retry);
        }
        if (connection.ConnectionString is { } connectionString)
        {
            Tables = new TableServiceClient(connectionString, tableOptions);
            Blobs = new BlobServiceClient(connectionString, blobOptions);
            Queues = new QueueServiceClient(connectionString, queueOptions);
        }
        else
        {
            TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = connection.ClientId });
            Tables = new TableServiceClient(connection.TableServiceUri, credential, tableOptions);
            Blobs = new BlobServiceClient(connection.BlobServiceUri, credential, blobOptions);
            Queues = new QueueServiceClient(connection.QueueServiceUri, credential, queueOptions);
        }
    }

    /// <summary>
    /// Retries of the secondary account's clients. Only replication writes there, and it retries at its own pace (the
    /// workflow's retries, then the catch-up), so two quick retries beat the SDK's six slow ones, which kept a backup
    /// waiting over a minute for a secondary region that was down before it completed in the primary.
    /// </summary>
    public static void QuickRetries(RetryOptions retry)
    {
        retry.MaxRetries = 2;
        retry.Delay = TimeSpan.FromMilliseconds(500);
        retry.MaxDelay = TimeSpan.FromSeconds(2);
    }

    /// <summary>"primary" or "secondary".</summary>
    public string Name { get; }

    public TableServiceClient Tables { get; }

    public BlobServiceClient Blobs { get; }

    public QueueServiceClient Queues { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public BlobContainerClient Container(string name) => Blobs.GetBlobContainerClient(name);
}

/// <summary>Both storage accounts of the hub.</summary>
public sealed class HubStorage(StorageAccount primary, StorageAccount secondary)
{
    public StorageAccount Primary { get; } = primary;

    public StorageAccount Secondary { get; } = secondary;
}
