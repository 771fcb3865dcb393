using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DataGovernance.Downloads;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>
/// Access and portability packages (GDPR Art. 15 and 20, CCPA right to know) of verified requests: built from what
/// subject discovery finds, kept as one ZIP per request in <see cref="StorageNames.PrivacyPackagesContainer"/> (a new
/// build replaces it), handed out through expiring links, and recorded in the request's history.
/// </summary>
public sealed class SubjectPackageService(
    PrivacyRequestStore requests, PrivacyRequestJournal journal, SubjectDiscoveryService discovery, SubjectPackageWriter writer, HubStorage storage,
    DownloadLinks links, TimeProvider clock)
{
    public static bool IsAccess(PrivacyRequestType type) =>
        type is PrivacyRequestType.Access or PrivacyRequestType.Portability or PrivacyRequestType.Know;

    public async Task<Result<SubjectPackage>> BuildAsync(string tenantId, string requestId, WriteContext context, CancellationToken cancellationToken)
    {
        if (await requests.GetAsync(tenantId, requestId, cancellationToken) is not { } found)
        {
            return PrivacyRequestJournal.NotFound(requestId);
        }
        var request = found.Request;
        if (!IsAccess(request.Type))
        {
            return Failure.Conflict("not-an-access-request",
                $"Privacy request '{requestId}' is a {request.Type} request; packages are built for Access, Portability and Know requests.");
        }
        if (request.Status.IsClosed())
        {
            return PrivacyRequestService.Closed(request);
        }
        if (request.Status is not (PrivacyRequestStatus.Verified or PrivacyRequestStatus.InProgress))
        {
            return Failure.Conflict("privacy-request-not-verified", $"Privacy request '{requestId}' is {request.Status}: verify the requester before handing out their data.");
        }
        var matches = await discovery.DiscoverAsync(tenantId, ErasureService.SubjectOf(request), cancellationToken);
        if (!matches.Succeeded)
        {
            return matches.Failure;
        }
        var container = storage.Primary.Container(StorageNames.PrivacyPackagesContainer);
        PackageManifest manifest;
        string sha256;
        long size;
        await using (var upload = await container.GetBlockBlobClient(PackageBlob(tenantId, requestId)).OpenWriteAsync(overwrite: true,
            new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = "application/zip" } }, cancellationToken))
        {
            await using var hashing = new HashingStream(upload, leaveOpen: true);
            manifest = await writer.WriteAsync(hashing, tenantId, request, matches.Value, clock.GetUtcNowForStorage(), context.Actor.Id, cancellationToken);
            await hashing.FlushAsync(cancellationToken);
            (sha256, size) = (hashing.Sha256(), hashing.Written);
        }
        await container.GetBlobClient(ManifestBlob(tenantId, requestId)).UploadAsync(new BinaryData(SubjectPackageWriter.Serialize(manifest)),
            new BlobUploadOptions
            {
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" },
                Metadata = new Dictionary<string, string> { ["packagesha256"] = sha256, ["packagesize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            }, cancellationToken);
        var recorded = await journal.ChangeAsync(tenantId, requestId, (current, _) => new PrivacyRequestChange(current, "PackageBuilt",
            $"{manifest.Records.Values.Sum()} record(s) from {manifest.Records.Count} collection(s) in {manifest.Files.Count} file(s); ZIP SHA-256 {sha256}."),
            context, cancellationToken);
        return recorded.Succeeded ? View(tenantId, manifest, size, sha256, context.Actor) : recorded.Failure;
    }

    /// <summary>The request's package with a fresh download link.</summary>
    public async Task<Result<SubjectPackage>> GetAsync(string tenantId, string requestId, Actor viewer, CancellationToken cancellationToken)
    {
        if (await requests.GetAsync(tenantId, requestId, cancellationToken) is null)
        {
            return PrivacyRequestJournal.NotFound(requestId);
        }
        try
        {
            var blob = storage.Primary.Container(StorageNames.PrivacyPackagesContainer).GetBlobClient(ManifestBlob(tenantId, requestId));
            var content = await blob.DownloadContentAsync(cancellationToken);
            var metadata = content.Value.Details.Metadata;
            var manifest = SubjectPackageWriter.Deserialize(content.Value.Content)!;
            return View(tenantId, manifest, long.Parse(metadata["packagesize"], System.Globalization.CultureInfo.InvariantCulture), metadata["packagesha256"], viewer);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return Failure.NotFound($"Privacy request '{requestId}' has no package yet; build one with POST …/package.");
        }
    }

    private SubjectPackage View(string tenantId, PackageManifest manifest, long size, string sha256, Actor viewer)
    {
        var link = links.Create(new DownloadTarget(tenantId, StorageNames.PrivacyPackagesContainer, PackageBlob(tenantId, manifest.RequestId),
            $"privacy-package-{manifest.RequestId}.zip", "application/zip", "privacy-package"), viewer);
        return new SubjectPackage(manifest, size, sha256, link.Url, link.ExpiresAt);
    }

    private static string PackageBlob(string tenantId, string requestId) => $"{tenantId}/{requestId}/package.zip";

    private static string ManifestBlob(string tenantId, string requestId) => $"{tenantId}/{requestId}/manifest.json";
}
