using System.Runtime.CompilerServices;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>
/// Snapshot storage in one account's <c>backups</c> container: chunks at <c>{tenant}/chunks/{sha256}</c>, written
/// once and never changed, and manifests at <c>{tenant}/manifests/{restorePointId}.json</c>, created only once.
/// </summary>
public sealed class ChunkStore(StorageAccount account, string region)
{
    /// <summary>The Azure region of the account, for example <c>westeurope</c>.</summary>
    public string Region => region;

    private BlobContainerClient Container => account.Container(StorageNames.BackupsContainer);

    public async Task EnsureContainerAsync(CancellationToken cancellationToken) =>
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);

    public static string ChunkName(string tenantId, string sha) => $"{tenantId}/chunks/{sha}";

    public static string ManifestName(string tenantId, string restorePointId) => $"{tenantId}/manifests/{restorePointId}.json";

    /// <summary>Stores the chunk unless a chunk with that address is already there (chunks are shared between snapshots).</summary>
    public async Task PutChunkAsync(string tenantId, string sha, BinaryData compressed, CancellationToken cancellationToken)
    {
        try
        {
            await Container.GetBlobClient(ChunkName(tenantId, sha)).UploadAsync(compressed, new BlobUploadOptions
            {
                Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All },
                HttpHeaders = new BlobHttpHeaders { ContentType = "application/x-ndjson", ContentEncoding = "gzip" },
            }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Already stored: same address, same content.
        }
    }

    public async Task<bool> ChunkExistsAsync(string tenantId, string sha, CancellationToken cancellationToken) =>
        await Container.GetBlobClient(ChunkName(tenantId, sha)).ExistsAsync(cancellationToken);

    /// <summary>The stored bytes of a chunk, or null when it is missing.</summary>
    public async Task<BinaryData?> GetChunkAsync(string tenantId, string sha, CancellationToken cancellationToken)
    {
        try
        {
            return (await Container.GetBlobClient(ChunkName(tenantId, sha)).DownloadContentAsync(cancellationToken)).Value.Content;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Creates the manifest; an existing manifest of that restore point is never replaced.</summary>
    public async Task PutManifestAsync(SnapshotManifest manifest, CancellationToken cancellationToken)
    {
        try
        {
            await Container.GetBlobClient(ManifestName(manifest.TenantId, manifest.RestorePointId)).UploadAsync(
                BinaryData.FromObjectAsJson(manifest, BackupJson.Options),
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            var existing = await GetManifestAsync(manifest.TenantId, manifest.RestorePointId, cancellationToken);
            if (existing?.RootHash != manifest.RootHash)
            {
                throw new InvalidOperationException($"Restore point {manifest.RestorePointId} already has a different manifest.");
            }
        }
    }

    public async Task<SnapshotManifest?> GetManifestAsync(string tenantId, string restorePointId, CancellationToken cancellationToken)
    {
        try
        {
            var content = await Container.GetBlobClient(ManifestName(tenantId, restorePointId)).DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<SnapshotManifest>(BackupJson.Options);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
        catch (JsonException)
        {
            throw new ChunkCorruptException($"The manifest of restore point {restorePointId} is not readable.");
        }
    }

    public async Task DeleteManifestAsync(string tenantId, string restorePointId, CancellationToken cancellationToken) =>
        await Container.DeleteBlobIfExistsAsync(ManifestName(tenantId, restorePointId), cancellationToken: cancellationToken);

    public async Task DeleteChunkAsync(string tenantId, string sha, CancellationToken cancellationToken) =>
        await Container.DeleteBlobIfExistsAsync(ChunkName(tenantId, sha), cancellationToken: cancellationToken);

    /// <summary>Every chunk of the tenant in the account, with when it was written.</summary>
    public async IAsyncEnumerable<(string Sha, DateTimeOffset WrittenAt)> ListChunksAsync(
        string tenantId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = $"{tenantId}/chunks/";
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken))
        {
            yield return (blob.Name[prefix.Length..], blob.Properties.LastModified ?? DateTimeOffset.MinValue);
        }
    }
}
