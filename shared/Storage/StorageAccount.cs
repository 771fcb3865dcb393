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
    public StorageAccount(string name, StorageConnection connection)
    {
        Name = name;
        var queueOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        queueOptions.MessageDecodingFailed += PoisonQueues.MoveUndecodableAsync;
        if (connection.ConnectionString is { } connectionString)
        {
            Tables = new TableServiceClient(connectionString);
            Blobs = new BlobServiceClient(connectionString);
            Queues = new QueueServiceClient(connectionString, queueOptions);
        }
        else
        {
            TokenCredential credential = new DefaultAzureCredential(new DefaultAzureCredentialOptions { ManagedIdentityClientId = connection.ClientId });
            Tables = new TableServiceClient(connection.TableServiceUri, credential);
            Blobs = new BlobServiceClient(connection.BlobServiceUri, credential);
            Queues = new QueueServiceClient(connection.QueueServiceUri, credential, queueOptions);
        }
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
