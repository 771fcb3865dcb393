using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DataGovernance.Storage;

namespace DataGovernance.Imports;

/// <summary>
/// The blobs of an import in the <c>imports</c> container, under <c>{tenant}/{batch}/</c>: the upload as sent and, per
/// validation (<see cref="ValidationFiles"/>), the rows it accepted (cleansed, one JSON document a line) and its error report (CSV).
/// </summary>
public sealed class ImportFiles(HubStorage storage)
{
    public const string UploadName = "upload";

    private BlobContainerClient Container => storage.Primary.Container(StorageNames.ImportsContainer);

    public static string BlobName(string tenantId, string batchId, string name) => $"{tenantId}/{batchId}/{name}";

    public BlobClient Blob(string tenantId, string batchId, string name) => Container.GetBlobClient(BlobName(tenantId, batchId, name));

    /// <summary>Stores the upload; false (and nothing kept) when it is longer than <paramref name="maxBytes"/>.</summary>
    public async Task<(bool Stored, long Length)> UploadAsync(string tenantId, string batchId, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        var limited = new LimitedReadStream(content, maxBytes);
        var blob = Blob(tenantId, batchId, UploadName);
        try
        {
            await blob.UploadAsync(limited, new BlobUploadOptions { TransferOptions = new() { MaximumConcurrency = 2 } }, cancellationToken);
            return (true, limited.BytesRead);
        }
        catch (LimitExceededException)
        {
            await blob.DeleteIfExistsAsync(cancellationToken: cancellationToken);
            return (false, limited.BytesRead);
        }
    }

    public async Task<Stream> OpenReadAsync(string tenantId, string batchId, string name, CancellationToken cancellationToken) =>
        await Blob(tenantId, batchId, name).OpenReadAsync(new BlobOpenReadOptions(allowModifications: false) { BufferSize = 1 << 20 }, cancellationToken);

    public async Task<Stream> OpenWriteAsync(string tenantId, string batchId, string name, CancellationToken cancellationToken) =>
        await Blob(tenantId, batchId, name).OpenWriteAsync(overwrite: true, new BlobOpenWriteOptions { BufferSize = 4 << 20 }, cancellationToken);

    public async Task<bool> ExistsAsync(string tenantId, string batchId, string name, CancellationToken cancellationToken) =>
        (await Blob(tenantId, batchId, name).ExistsAsync(cancellationToken)).Value;

    /// <summary>Deletes the files of one validation (replaced by a later one, or never recorded).</summary>
    public async Task DeleteValidationAsync(string tenantId, string batchId, ValidationFiles validation, CancellationToken cancellationToken)
    {
        await Blob(tenantId, batchId, validation.ValidRowsName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
        await Blob(tenantId, batchId, validation.ErrorReportName).DeleteIfExistsAsync(cancellationToken: cancellationToken);
    }

    /// <summary>
    /// Deletes every blob under the batch's prefix, whatever its name, and answers how many there were; none left is no
    /// error, so a repeat is harmless.
    /// </summary>
    public async Task<int> DeleteBatchFilesAsync(string tenantId, string batchId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, BlobName(tenantId, batchId, ""), cancellationToken))
        {
            deleted += (await Container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken)).Value ? 1 : 0;
        }
        return deleted;
    }

    private sealed class LimitExceededException : IOException;

    /// <summary>Passes a stream through until more than the limit has come, then throws instead of reading on.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            BytesRead += read;
            return BytesRead > limit ? throw new LimitExceededException() : read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
