using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DataGovernance.Storage;

namespace DataGovernance.EvidencePackages;

/// <summary>
/// Evidence packages in <see cref="StorageNames.EvidencePackagesTable"/> (partition = tenant, row = package id, which is
/// time-ordered, so a listing is oldest first) and their ZIPs in <see cref="StorageNames.EvidencePackagesContainer"/>.
/// </summary>
public sealed class EvidencePackageStore(HubStorage storage)
{
    private readonly DocumentRows<EvidencePackage> _rows = new(() => storage.Primary.Table(StorageNames.EvidencePackagesTable), "Evidence package",
        package => package.Id, package => [new("Status", package.Status.ToString()), new("Framework", package.Scope.Framework)]);

    public static string ZipBlob(string tenantId, string packageId) => $"{tenantId}/{packageId}/evidence-package.zip";

    public async Task<EvidencePackage?> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        (await _rows.GetAsync(tenantId, id, cancellationToken))?.Document;

    public Task<EvidencePackage> AddAsync(string tenantId, EvidencePackage package, CancellationToken cancellationToken) =>
        _rows.AddAsync(tenantId, package, cancellationToken);

    /// <summary>
    /// Applies <paramref name="change"/> to the stored package, again on a concurrent change (the hub's
    /// <see cref="ConcurrencyRetry"/>); null when there is no such package.
    /// </summary>
    public async Task<EvidencePackage?> ChangeAsync(string tenantId, string id, Func<EvidencePackage, EvidencePackage> change, CancellationToken cancellationToken) =>
        await ConcurrencyRetry.Pipeline.ExecuteAsync(async token =>
        {
            if (await _rows.GetAsync(tenantId, id, token) is not var (current, etag))
            {
                return null;
            }
            var saved = await _rows.ReplaceAsync(tenantId, change(current), etag, token);
            return saved.Succeeded ? saved.Value : throw new ConcurrencyConflictException(saved.Failure.Detail);
        }, cancellationToken);

    public Task<(IReadOnlyList<EvidencePackage> Items, string? NextToken)> ListAsync(
        string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, null, pageSize, continuationToken, cancellationToken);

    /// <summary>The blob one attempt at writing the package writes; the attempt that succeeds is recorded in the package's contents.</summary>
    public static string AttemptBlob(string tenantId, string packageId, string attemptId) => $"{tenantId}/{packageId}/attempts/{attemptId}/evidence-package.zip";

    /// <summary>A stream that writes a new blob; the blob is committed when the stream is disposed, so a failed write must delete it afterwards.</summary>
    public async Task<Stream> OpenZipWriteAsync(string blobName, CancellationToken cancellationToken) =>
        await Zips.GetBlockBlobClient(blobName).OpenWriteAsync(overwrite: true,
            new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" } }, cancellationToken);

    public async Task DeleteZipAsync(string blobName, CancellationToken cancellationToken) =>
        await Zips.GetBlobClient(blobName).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    /// <summary>Deletes every ZIP of the package but <paramref name="keep"/>: what failed or crashed attempts left behind.</summary>
    public async Task DeleteZipsExceptAsync(string tenantId, string packageId, string? keep, CancellationToken cancellationToken)
    {
        await foreach (var blob in Zips.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenantId}/{packageId}/", cancellationToken))
        {
            if (blob.Name != keep)
            {
                await DeleteZipAsync(blob.Name, cancellationToken);
            }
        }
    }

    private BlobContainerClient Zips => storage.Primary.Container(StorageNames.EvidencePackagesContainer);
}
