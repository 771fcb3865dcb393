using System.IO.Compression;
using System.Reflection;
using DataGovernance.Evidence;
using DataGovernance.Privacy;
using DataGovernance.Reports;
using DataGovernance.Security;

namespace DataGovernance.EvidencePackages;

/// <summary>What writing a package came to: its contents and the blob that holds them, or why it was not written.</summary>
public sealed record EvidencePackageOutcome(EvidencePackageContents? Contents, string? FailureReason, string? Blob = null);

/// <summary>
/// Writes a package's ZIP, streamed entry by entry into its blob: the compliance report (PDF and JSON), each evidence
/// file (read from its content-addressed blob and hashed on the way), <c>chain-of-custody.json</c> (streamed record by
/// record),
/// <c>manifest.json</c>, its detached signature <c>manifest.sig</c> and the public key <c>signing-key.pem</c>.
/// A file whose bytes no longer hash to its record's <c>sha256</c> (or that is gone) is never packed silently: the
/// package fails, naming the record. Each attempt writes a blob of its own, deleted on every failure (a refusal, a
/// storage error, cancellation); the package records the attempt that succeeded, and finishing it sweeps what crashed
/// attempts left.
/// </summary>
public sealed class EvidencePackageWriter(
    EvidenceSelection selection, EvidenceFileStore files, ComplianceReportService reports, EvidenceSigner signer, EvidencePackageStore store, TimeProvider clock)
{
    public const string GeneratorName = "DataGovernance Hub";

    private static readonly string GeneratorVersion =
        typeof(EvidencePackageWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    private sealed class Refusal(string reason) : Exception(reason);

    public async Task<EvidencePackageOutcome> WriteAsync(string tenantId, EvidencePackage package, CancellationToken cancellationToken)
    {
        var report = await reports.BuildWithSourcesAsync(tenantId, package.Scope.Framework, cancellationToken);
        if (!report.Succeeded)
        {
            return new EvidencePackageOutcome(null, $"The compliance report could not be built: {report.Failure.Detail}");
        }
        var inScope = await selection.SelectAsync(tenantId, package.Scope, report.Value, cancellationToken);
        var history = await selection.HistoryAsync(tenantId, inScope.Evidence.Select(e => e.RecordId).ToHashSet(StringComparer.Ordinal), cancellationToken);
        var blobName = EvidencePackageStore.AttemptBlob(tenantId, package.Id, Guid.NewGuid().ToString("N"));
        try
        {
            var contents = await WriteZipAsync(tenantId, package, blobName, report.Value.Report, inScope, history, cancellationToken);
            return new EvidencePackageOutcome(contents, null, blobName);
        }
        catch (Exception failure)
        {
            // The blob stream commits what it has when disposed, even after a failure: a partial ZIP must not stay.
            await store.DeleteZipAsync(blobName, CancellationToken.None);
            if (failure is Refusal refusal)
            {
                return new EvidencePackageOutcome(null, refusal.Message);
            }
            throw;
        }
    }

    private async Task<EvidencePackageContents> WriteZipAsync(string tenantId, EvidencePackage package, string blobName, ComplianceReport report,
        EvidenceInScope inScope, Dictionary<string, List<EvidenceVersion>> history, CancellationToken cancellationToken)
    {
        var generatedAt = clock.GetUtcNow();
        string keyId;
        await using var blob = await store.OpenZipWriteAsync(blobName, cancellationToken);
        await using var hashing = new HashingStream(blob, leaveOpen: true);
        await using (var zip = await ZipArchive.CreateAsync(hashing, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken))
        {
            var listed = await PackReportAsync(zip, report, cancellationToken);
            var evidence = new List<ManifestEvidence>(inScope.Evidence.Count);
            foreach (var selected in inScope.Evidence)
            {
                var file = await PackFileAsync(zip, tenantId, selected, cancellationToken);
                if (file is not null)
                {
                    listed.Add(new ManifestFile(file.Path, file.Sha256, file.SizeBytes, file.ContentType));
                }
                evidence.Add(selected.Entry with { File = file });
            }
            listed.Add(await EntryAsync(zip, EvidencePackageFiles.ChainOfCustody, "application/json", CompressionLevel.Optimal,
                stream => CustodyWriter.WriteAsync(stream, tenantId, package, inScope, history, generatedAt, cancellationToken), cancellationToken));
            var manifest = new EvidencePackageManifest(EvidencePackageFiles.Format, package.Id, tenantId, package.Scope.Framework, package.Scope, generatedAt,
                new ManifestGenerator(GeneratorName, GeneratorVersion), package.RequestedBy, inScope.RequirementsInScope, inScope.RequirementsCovered, listed, evidence);
            keyId = await SignAsync(zip, EvidencePackageFiles.Serialize(manifest), cancellationToken);
        }
        await hashing.FlushAsync(cancellationToken);
        await blob.DisposeAsync();
        var files = inScope.Evidence.Count(e => e.File is not null);
        return new EvidencePackageContents(inScope.Evidence.Count, files, inScope.RequirementsCovered, hashing.Written, hashing.Sha256(), keyId);
    }

    /// <summary>The compliance report, as PDF and as JSON.</summary>
    private async Task<List<ManifestFile>> PackReportAsync(ZipArchive zip, ComplianceReport report, CancellationToken cancellationToken)
    {
        var listed = new List<ManifestFile>();
        foreach (var format in (ReportFormat[])[ReportFormat.Pdf, ReportFormat.Json])
        {
            var path = $"{EvidencePackageFiles.ReportFolder}compliance-report.{ComplianceReportService.FileExtension(format).TrimStart('.')}";
            listed.Add(await EntryAsync(zip, path, ComplianceReportService.ContentType(format), CompressionLevel.Optimal,
                stream => reports.WriteAsync(report, format, stream, cancellationToken), cancellationToken));
        }
        return listed;
    }

    /// <summary>Adds the manifest, its detached signature and the public key; returns the key's id.</summary>
    private async Task<string> SignAsync(ZipArchive zip, byte[] manifest, CancellationToken cancellationToken)
    {
        var signature = await signer.SignAsync(manifest, cancellationToken);
        await BytesAsync(zip, EvidencePackageFiles.Manifest, "application/json", manifest, cancellationToken);
        await BytesAsync(zip, EvidencePackageFiles.Signature, "application/octet-stream", Convert.FromBase64String(signature.Value), cancellationToken);
        await BytesAsync(zip, EvidencePackageFiles.PublicKey, "application/x-pem-file", System.Text.Encoding.ASCII.GetBytes(signature.PublicKeyPem), cancellationToken);
        return signature.KeyId;
    }

    /// <summary>Packs the record's file, checking its bytes against the record's <c>sha256</c>; null when the record names no file.</summary>
    private async Task<ManifestEvidenceFile?> PackFileAsync(ZipArchive zip, string tenantId, SelectedEvidence selected, CancellationToken cancellationToken)
    {
        if (selected.File is not { } file)
        {
            return null;
        }
        var id = selected.RecordId;
        await using var content = await files.OpenAsync(tenantId, file.Sha256, cancellationToken)
            ?? throw new Refusal($"The file of evidence {id} (version {selected.Version}, SHA-256 {file.Sha256}) is missing from storage.");
        var path = $"{EvidencePackageFiles.EvidenceFolder}{id}/{EvidenceFileNames.Clean(file.FileName) ?? "file"}";
        var packed = await EntryAsync(zip, path, file.ContentType, CompressionLevel.Fastest, stream => content.CopyToAsync(stream, cancellationToken), cancellationToken);
        if (packed.Sha256 != file.Sha256)
        {
            throw new Refusal($"The file of evidence {id} (version {selected.Version}) no longer matches its recorded SHA-256: "
                + $"expected {file.Sha256}, stored bytes hash to {packed.Sha256}.");
        }
        return new ManifestEvidenceFile(path, file.FileName, file.ContentType, packed.Size, packed.Sha256);
    }

    private static Task<ManifestFile> BytesAsync(ZipArchive zip, string name, string mediaType, byte[] content, CancellationToken cancellationToken) =>
        EntryAsync(zip, name, mediaType, CompressionLevel.Optimal, stream => stream.WriteAsync(content, cancellationToken).AsTask(), cancellationToken);

    private static async Task<ManifestFile> EntryAsync(
        ZipArchive zip, string path, string mediaType, CompressionLevel level, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(path, level);
        await using var stream = await entry.OpenAsync(cancellationToken);
        await using var hashing = new HashingStream(stream, leaveOpen: true);
        await write(hashing);
        await hashing.FlushAsync(cancellationToken);
        return new ManifestFile(path, hashing.Sha256(), hashing.Written, mediaType);
    }
}
