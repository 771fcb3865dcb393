using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Azure;
using Azure.Storage.Blobs.Models;
using DataGovernance.Security;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>
/// A run's evidence in the <c>privacy-evidence</c> container: <c>{tenant}/retention-runs/{run}/items/{policy}-{collection}-{batch}.json</c>
/// (the due records of each batch that had any, planned and then treated) and, for a real run, <c>certificate.json</c>,
/// <c>certificate.signature.json</c> and <c>certificate.txt</c>, each written once and never replaced.
/// </summary>
public sealed class RetentionEvidenceStore(HubStorage storage)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private Azure.Storage.Blobs.BlobContainerClient Container => storage.Primary.Container(StorageNames.PrivacyEvidenceContainer);

    public static string RunPrefix(string tenantId, string runId) => $"{tenantId}/retention-runs/{runId}/";

    public static string BatchName(string tenantId, string runId, RetentionTarget target, int batch) =>
        $"{RunPrefix(tenantId, runId)}items/{target.PolicyIndex:D3}-{target.Collection}-{batch:D6}.json";

    public async Task<RetentionBatch?> GetBatchAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await Container.GetBlobClient(name).DownloadContentAsync(cancellationToken)).Value.Content.ToObjectFromJson<RetentionBatch>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Writes the batch, replacing its plan with what was done (the same batch, so retries agree).</summary>
    public async Task SaveBatchAsync(string name, RetentionBatch batch, CancellationToken cancellationToken) =>
        await Container.GetBlobClient(name).UploadAsync(BinaryData.FromObjectAsJson(batch, Json), overwrite: true, cancellationToken);

    /// <summary>One batch of a run's items in policy and batch order, and the token of the next.</summary>
    public async Task<(IReadOnlyList<RetentionItem> Items, string? NextToken)> ItemsPageAsync(
        string tenantId, string runId, string? continuationToken, CancellationToken cancellationToken)
    {
        await foreach (var page in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{RunPrefix(tenantId, runId)}items/", cancellationToken)
            .AsPages(continuationToken, 1))
        {
            // The blob service ends a listing with an empty marker rather than none.
            var next = string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken;
            if (page.Values is [var blob, ..] && await GetBatchAsync(blob.Name, cancellationToken) is { } batch)
            {
                return (batch.Items, next);
            }
            return ([], next);
        }
        return ([], null);
    }

    /// <summary>Every batch of a run in order, with its blob name and the SHA-256 of its content; one at a time in memory.</summary>
    public async IAsyncEnumerable<(string Name, string Sha256, RetentionBatch Batch)> BatchesAsync(
        string tenantId, string runId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{RunPrefix(tenantId, runId)}items/", cancellationToken))
        {
            var content = (await Container.GetBlobClient(blob.Name).DownloadContentAsync(cancellationToken)).Value.Content;
            yield return (blob.Name, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(content.ToMemory().Span)),
                content.ToObjectFromJson<RetentionBatch>(Json)!);
        }
    }

    public async Task SaveCertificateAsync(
        string tenantId, string runId, byte[] certificate, EvidenceSignature signature, string readable, CancellationToken cancellationToken)
    {
        var prefix = RunPrefix(tenantId, runId);
        await CreateOnceAsync($"{prefix}certificate.json", new BinaryData(certificate), cancellationToken);
        await CreateOnceAsync($"{prefix}certificate.signature.json", BinaryData.FromObjectAsJson(signature, Json), cancellationToken);
        await CreateOnceAsync($"{prefix}certificate.txt", BinaryData.FromString(readable), cancellationToken);
    }

    /// <summary>The certificate as signed, its signature and readable version; null when the run has none (yet).</summary>
    public async Task<RetentionCertificate?> GetCertificateAsync(string tenantId, string runId, CancellationToken cancellationToken)
    {
        var prefix = RunPrefix(tenantId, runId);
        try
        {
            var certificate = (await Container.GetBlobClient($"{prefix}certificate.json").DownloadContentAsync(cancellationToken)).Value.Content;
            var signature = (await Container.GetBlobClient($"{prefix}certificate.signature.json").DownloadContentAsync(cancellationToken)).Value.Content;
            var readable = (await Container.GetBlobClient($"{prefix}certificate.txt").DownloadContentAsync(cancellationToken)).Value.Content;
            return new RetentionCertificate(runId, certificate.ToString(), signature.ToObjectFromJson<EvidenceSignature>(Json)!, readable.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<bool> HasCertificateAsync(string tenantId, string runId, CancellationToken cancellationToken) =>
        (await Container.GetBlobClient($"{RunPrefix(tenantId, runId)}certificate.txt").ExistsAsync(cancellationToken)).Value;

    private async Task CreateOnceAsync(string name, BinaryData content, CancellationToken cancellationToken)
    {
        try
        {
            await Container.GetBlobClient(name).UploadAsync(content,
                new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } }, cancellationToken);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Written by an earlier attempt: evidence is never replaced.
        }
    }
}
