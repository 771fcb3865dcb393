using System.IO.Compression;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DataGovernance.Storage;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>
/// Keeps table properties and queue messages under their size limits: JSON longer than
/// <see cref="InlineLimit"/> characters goes gzipped to the large-messages container and is replaced by a reference.
/// </summary>
public sealed class PayloadStore(HubStorage storage, TaskHubNames names)
{
    /// <summary>Below Table storage's 32 K-character string property and a 64 KiB Base64 queue message.</summary>
    public const int InlineLimit = 30_000;

    private const string Reference = "blob:";

    private BlobContainerClient Container => storage.Primary.Container(names.LargeMessagesContainer);

    public async Task<string> StoreAsync(string instanceId, string json, CancellationToken cancellationToken)
    {
        if (json.Length <= InlineLimit)
        {
            return json;
        }
        var name = $"{instanceId}/{Guid.NewGuid():N}.json.gz";
        using var buffer = new MemoryStream();
        await using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gzip.WriteAsync(Encoding.UTF8.GetBytes(json), cancellationToken);
        }
        buffer.Position = 0;
        await Container.GetBlobClient(name).UploadAsync(buffer, overwrite: true, cancellationToken);
        return Reference + name;
    }

    public async Task<string?> LoadAsync(string? stored, CancellationToken cancellationToken)
    {
        if (stored is null || !stored.StartsWith(Reference, StringComparison.Ordinal))
        {
            return stored;
        }
        var content = await Container.GetBlobClient(stored[Reference.Length..]).DownloadStreamingAsync(cancellationToken: cancellationToken);
        await using var gzip = new GZipStream(content.Value.Content, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    public async Task DeleteAllAsync(string instanceId, CancellationToken cancellationToken)
    {
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, instanceId + "/", cancellationToken))
        {
            await Container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
        }
    }
}
