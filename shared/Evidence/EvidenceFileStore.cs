using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DataGovernance.Privacy;
using DataGovernance.Storage;

namespace DataGovernance.Evidence;

/// <summary>What an upload wrote: its SHA-256 and size, and the staging blob that holds it until it is kept.</summary>
public sealed record StagedEvidenceFile(string StagingBlob, string Sha256, long Size);

/// <summary>
/// Evidence files in the <see cref="StorageNames.EvidenceContainer"/> container, content-addressed per tenant
/// (<c>{tenant}/sha256/{hash}</c>): a file is never overwritten, so every version of a record — and every package —
/// finds exactly the bytes its <c>sha256</c> names. An upload is first streamed to <c>{tenant}/staging/{id}</c> while
/// hashed, then copied under its hash (bytes re-read, never held in memory) unless that file exists already.
/// </summary>
public sealed class EvidenceFileStore(HubStorage storage)
{
    private BlobContainerClient Container => storage.Primary.Container(StorageNames.EvidenceContainer);

    public static string ContentBlob(string tenantId, string sha256) => $"{tenantId}/sha256/{sha256}";

    /// <summary>
    /// Streams <paramref name="content"/> to a staging blob; null when it holds more than <paramref name="maxBytes"/>.
    /// Nothing is left behind when the upload is refused or fails (an aborted request, a storage error, cancellation):
    /// the blob stream commits what it has when disposed, so the staging blob is deleted afterwards. A process that dies
    /// mid-upload leaves only uncommitted blocks, which storage discards on its own.
    /// </summary>
    public async Task<StagedEvidenceFile?> StageAsync(string tenantId, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var blob = Container.GetBlockBlobClient($"{tenantId}/staging/{Guid.NewGuid():N}");
        try
        {
            var staged = await WriteAsync(blob, content, maxBytes, cancellationToken);
            if (staged is null)
            {
                await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            }
            return staged;
        }
        catch
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }
    }

    private static async Task<StagedEvidenceFile?> WriteAsync(BlockBlobClient blob, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        await using var upload = await blob.OpenWriteAsync(overwrite: true, cancellationToken: cancellationToken);
        await using var hashing = new HashingStream(upload, leaveOpen: true);
        var buffer = new byte[81920];
        int read;
        // Never asks for more than one byte past the limit, so the host's own body limit is never what stops the upload.
        while ((read = await content.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, maxBytes + 1 - hashing.Written)), cancellationToken)) > 0)
        {
            if (hashing.Written + read > maxBytes)
            {
                return null;
            }
            await hashing.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
        await hashing.FlushAsync(cancellationToken);
        await upload.DisposeAsync();
        return new StagedEvidenceFile(blob.Name, hashing.Sha256(), hashing.Written);
    }

    /// <summary>Keeps a staged file under its hash (unless that file is there already); the caller discards the staging blob, kept or not.</summary>
    public async Task KeepAsync(string tenantId, StagedEvidenceFile staged, string contentType, CancellationToken cancellationToken)
    {
        var target = Container.GetBlobClient(ContentBlob(tenantId, staged.Sha256));
        if (!await target.ExistsAsync(cancellationToken))
        {
            await using var source = await Container.GetBlobClient(staged.StagingBlob).OpenReadAsync(cancellationToken: cancellationToken);
            try
            {
                await target.UploadAsync(source, new BlobUploadOptions
                {
                    HttpHeaders = new BlobHttpHeaders { ContentType = contentType },
                    Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                }, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // The same bytes were kept by another upload meanwhile.
            }
        }
    }

    public async Task DiscardAsync(StagedEvidenceFile staged, CancellationToken cancellationToken) =>
        await Container.GetBlobClient(staged.StagingBlob).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    /// <summary>The file with this hash, streamed; null when there is none.</summary>
    public async Task<Stream?> OpenAsync(string tenantId, string sha256, CancellationToken cancellationToken) =>
        (await OpenStoredAsync(tenantId, sha256, cancellationToken))?.Content;

    /// <summary>The file with this hash, streamed, with the content type stored with its bytes at upload; null when there is none.</summary>
    public async Task<StoredEvidenceFile?> OpenStoredAsync(string tenantId, string sha256, CancellationToken cancellationToken)
    {
        try
        {
            var download = await Container.GetBlobClient(ContentBlob(tenantId, sha256)).DownloadStreamingAsync(cancellationToken: cancellationToken);
            return new StoredEvidenceFile(download.Value.Content, download.Value.Details.ContentType is { Length: > 0 } type ? type : "application/octet-stream");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }
}

/// <summary>An evidence file's bytes and the content type its upload was checked against and stored with.</summary>
public sealed record StoredEvidenceFile(Stream Content, string ContentType);
