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

    /// <summary>Applies <paramref name="change"/> to the stored package, again on a concurrent change; null when there is no such package.</summary>
    public async Task<EvidencePackage?> ChangeAsync(string tenantId, string id, Func<EvidencePackage, EvidencePackage> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            if (await _rows.GetAsync(tenantId, id, cancellationToken) is not var (current, etag))
            {
                return null;
            }
            var saved = await _rows.ReplaceAsync(tenantId, change(current), etag, cancellationToken);
            if (saved.Succeeded || attempt == 4)
            {
                return saved.Succeeded ? saved.Value : throw new InvalidOperationException(saved.Failure.Detail);
            }
        }
    }

    public Task<(IReadOnlyList<EvidencePackage> Items, string? NextToken)> ListAsync(
        string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken) =>
        _rows.ListAsync(tenantId, null, pageSize, continuationToken, cancellationToken);

    /// <summary>A stream that writes (replaces) the package's ZIP; the blob is committed when it is disposed.</summary>
    public async Task<Stream> OpenZipWriteAsync(string tenantId, string packageId, CancellationToken cancellationToken) =>
        await Zips.GetBlockBlobClient(ZipBlob(tenantId, packageId)).OpenWriteAsync(overwrite: true,
            new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" } }, cancellationToken);

    public async Task DeleteZipAsync(string tenantId, string packageId, CancellationToken cancellationToken) =>
        await Zips.GetBlobClient(ZipBlob(tenantId, packageId)).DeleteIfExistsAsync(cancellationToken: cancellationToken);

    private BlobContainerClient Zips => storage.Primary.Container(StorageNames.EvidencePackagesContainer);
}
