using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Storage;
using Azure.Storage.Blobs.Models;
using DataGovernance.Storage;

namespace DataGovernance.Runtime;

/// <summary>A blob written through <see cref="WatchedBlobWriter"/>, with the id of the BlobCreated event raised for it, if any.</summary>
public sealed record WatchedBlobUpload(Uri Url, string ETag, long ContentLength, string? EventId);

/// <summary>
/// Uploads blobs to the primary account the way features should when an Event Grid function may watch the
/// container. In Azure, the storage account's Event Grid subscription reports the write. On its own the hub raises
/// the same <c>Microsoft.Storage.BlobCreated</c> event itself, when a catalog function's event type and subject
/// prefix match the blob, and delivers it through <see cref="LocalEvents"/>.
/// </summary>
public sealed class WatchedBlobWriter(HubStorage storage, EventGridDispatcher dispatcher, HostingMode mode, LocalEvents events, TimeProvider clock)
{
    public const string BlobCreatedEventType = "Microsoft.Storage.BlobCreated";

    /// <summary>Uploads up to this size are one Put Blob; larger ones are staged blocks and a Put Block List.</summary>
    public const int SingleUploadLimit = 8 * 1024 * 1024;

    /// <summary>Stands in for the subscription and resource group of an Azure storage account in a local event's topic.</summary>
    private const string LocalResourceGroup = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/local";

    private static long _sequence;

    public async Task<WatchedBlobUpload> UploadAsync(string containerName, string blobName, BinaryData content, string contentType, CancellationToken cancellationToken)
    {
        var blob = storage.Primary.Container(containerName).GetBlobClient(blobName);
        var response = await blob.UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
            TransferOptions = new StorageTransferOptions { InitialTransferSize = SingleUploadLimit, MaximumTransferSize = 4 * 1024 * 1024 },
        }, cancellationToken);
        var length = content.ToMemory().Length;
        var subject = $"/blobServices/default/containers/{containerName}/blobs/{blobName}";
        if (mode.IsCustomHandler || !dispatcher.Subscribers(BlobCreatedEventType, subject).Any())
        {
            return new WatchedBlobUpload(blob.Uri, response.Value.ETag.ToString(), length, EventId: null);
        }

        var raw = response.GetRawResponse();
        var eventId = Guid.NewGuid().ToString();
        var gridEvent = new JsonObject
        {
            ["topic"] = $"{LocalResourceGroup}/providers/Microsoft.Storage/storageAccounts/{blob.AccountName}",
            ["subject"] = subject,
            ["eventType"] = BlobCreatedEventType,
            ["eventTime"] = clock.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
            ["id"] = eventId,
            ["data"] = new JsonObject
            {
                ["api"] = length <= SingleUploadLimit ? "PutBlob" : "PutBlockList",
                ["clientRequestId"] = raw.ClientRequestId,
                ["requestId"] = raw.Headers.RequestId,
                ["eTag"] = response.Value.ETag.ToString(),
                ["contentType"] = contentType,
                ["contentLength"] = length,
                ["blobType"] = "BlockBlob",
                ["url"] = blob.Uri.ToString(),
                ["sequencer"] = Sequencer(response.Value.LastModified),
                ["storageDiagnostics"] = new JsonObject { ["batchId"] = Guid.NewGuid().ToString() },
            },
            ["dataVersion"] = "",
            ["metadataVersion"] = "1",
        };
        await events.RaiseAsync(gridEvent, cancellationToken);
        return new WatchedBlobUpload(blob.Uri, response.Value.ETag.ToString(), length, eventId);
    }

    /// <summary>Like Azure's: 32 hex digits that grow with every write.</summary>
    private static string Sequencer(DateTimeOffset lastModified) =>
        string.Create(CultureInfo.InvariantCulture, $"{lastModified.UtcTicks:X16}{Interlocked.Increment(ref _sequence):X16}");
}
