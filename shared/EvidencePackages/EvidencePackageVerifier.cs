using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using DataGovernance.Outcomes;
using DataGovernance.Privacy;
using DataGovernance.Storage;

namespace DataGovernance.EvidencePackages;

/// <summary>
/// Verifies an evidence package from its bytes alone (no storage, no hub): the signature over <c>manifest.json</c> by
/// the key in <c>signing-key.pem</c>, each file against the manifest (ok / modified / missing / unexpected), and the key
/// against a trusted one. The ZIP is untrusted: entry count, total uncompressed size and compression ratio are limited
/// (checked from the directory and again while reading, since the directory can lie), and names that could escape a
/// folder when extracted are refused.
/// </summary>
public static class EvidencePackageVerifier
{
    private const int MaxManifestBytes = 64 * 1024 * 1024;

    public static Result<PackageVerification> Verify(Stream zip, string? trustedPublicKeyPem, ZipLimits limits)
    {
        if (zip.Length < 22)
        {
            return Unreadable("The upload is not a ZIP archive.");
        }
        UntrustedZip archive;
        try
        {
            archive = UntrustedZip.Open(zip, limits, ZipEntryNames.SafeToExtract);
        }
        catch (ZipRefusedException ex)
        {
            return Refused(ex.Message);
        }
        catch (InvalidDataException)
        {
            return Unreadable("The upload is not a ZIP archive.");
        }
        using (archive)
        {
            try
            {
                return Check(archive, trustedPublicKeyPem);
            }
            catch (ManifestRefusedException ex)
            {
                return NotAManifest(ex.Message);
            }
            catch (ZipRefusedException ex)
            {
                return Refused(ex.Message);
            }
            catch (InvalidDataException ex)
            {
                return Unreadable($"The ZIP archive is damaged: {ex.Message}");
            }
        }
    }

    private static PackageVerification Check(UntrustedZip archive, string? trustedPublicKeyPem)
    {
        var problems = new List<string>();
        var entries = archive.Entries.Where(entry => !entry.FullName.EndsWith('/')).ToDictionary(entry => entry.FullName, StringComparer.Ordinal);
        var manifestBytes = Read(archive, entries, EvidencePackageFiles.Manifest, MaxManifestBytes);
        var signature = Read(archive, entries, EvidencePackageFiles.Signature, 1024);
        var keyPem = Read(archive, entries, EvidencePackageFiles.PublicKey, 16 * 1024) is { } pemBytes ? Encoding.ASCII.GetString(pemBytes) : null;
        var (signatureValid, keyId) = CheckSignature(manifestBytes, signature, keyPem, problems);
        bool? trusted = trustedPublicKeyPem is null || keyId is null ? null : KeyIdOf(trustedPublicKeyPem) == keyId;
        if (trusted == false)
        {
            problems.Add("The package was signed by another key than the trusted one.");
        }
        EvidencePackageManifest? manifest = null;
        try
        {
            manifest = manifestBytes is null ? null : EvidencePackageFiles.Deserialize<EvidencePackageManifest>(manifestBytes);
        }
        catch (System.Text.Json.JsonException)
        {
            problems.Add($"{EvidencePackageFiles.Manifest} is not a package manifest.");
        }
        if (manifest is not null && ManifestShape.Problem(manifest) is { } malformed)
        {
            throw new ManifestRefusedException($"{EvidencePackageFiles.Manifest} is not a package manifest: {malformed}");
        }
        var files = new List<FileCheck>();
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in manifest?.Files ?? [])
        {
            listed.Add(file.Path);
            if (!entries.TryGetValue(file.Path, out var entry))
            {
                files.Add(new FileCheck(file.Path, FileCheckResult.Missing, file.Sha256, null));
                continue;
            }
            var (actual, size) = Hash(archive, entry);
            files.Add(new FileCheck(file.Path, actual == file.Sha256 && size == file.Size ? FileCheckResult.Ok : FileCheckResult.Modified, file.Sha256, actual));
        }
        foreach (var name in entries.Keys.Where(name => !listed.Contains(name) && !EvidencePackageFiles.Unlisted.Contains(name)).Order(StringComparer.Ordinal))
        {
            files.Add(new FileCheck(name, FileCheckResult.Unexpected, null, Hash(archive, entries[name]).Sha256));
        }
        var intact = manifest is not null && files.All(file => file.Result == FileCheckResult.Ok);
        var integrity = signatureValid && intact;
        return new PackageVerification(integrity && trusted == true, integrity, signatureValid, keyId, trusted,
            manifest?.PackageId, manifest?.TenantId, manifest?.Framework, manifest?.GeneratedAt, files, problems);
    }

    private static (bool Valid, string? KeyId) CheckSignature(byte[]? manifest, byte[]? signature, string? keyPem, List<string> problems)
    {
        if (manifest is null || signature is null || keyPem is null)
        {
            problems.Add($"The package lacks {string.Join(", ", new[] { (manifest, EvidencePackageFiles.Manifest), (signature, EvidencePackageFiles.Signature) }
                .Where(part => part.Item1 is null).Select(part => part.Item2).Append(keyPem is null ? EvidencePackageFiles.PublicKey : null).OfType<string>())}.");
        }
        var keyId = keyPem is null ? null : KeyIdOf(keyPem);
        if (keyPem is not null && keyId is null)
        {
            problems.Add($"{EvidencePackageFiles.PublicKey} is not an ECDSA P-256 public key.");
        }
        if (manifest is null || signature is null || keyId is null)
        {
            return (false, keyId);
        }
        using var key = ECDsa.Create();
        key.ImportFromPem(keyPem);
        var valid = key.VerifyData(manifest, signature, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        if (!valid)
        {
            problems.Add($"{EvidencePackageFiles.Signature} is not a valid signature of {EvidencePackageFiles.Manifest} by the key in {EvidencePackageFiles.PublicKey}.");
        }
        return (valid, keyId);
    }

    /// <summary>The SHA-256 (hex) of an ECDSA P-256 public key's SubjectPublicKeyInfo — the hub's key id; null when the PEM holds no such key.</summary>
    public static string? KeyIdOf(string publicKeyPem)
    {
        try
        {
            using var key = ECDsa.Create();
            key.ImportFromPem(publicKeyPem);
            return key.KeySize == 256 ? Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo())) : null;
        }
        catch (Exception ex) when (ex is ArgumentException or CryptographicException)
        {
            return null;
        }
    }

    private static byte[]? Read(UntrustedZip archive, Dictionary<string, ZipArchiveEntry> entries, string name, int maxBytes)
    {
        if (!entries.TryGetValue(name, out var entry) || entry.Length > maxBytes)
        {
            return null;
        }
        using var content = new MemoryStream();
        archive.Copy(entry, content);
        return content.ToArray();
    }

    private static (string Sha256, long Size) Hash(UntrustedZip archive, ZipArchiveEntry entry)
    {
        using var hashing = new HashingStream(Stream.Null);
        var size = archive.Copy(entry, hashing);
        return (hashing.Sha256(), size);
    }

    private static Failure Refused(string detail) => new(FailureKind.Validation, "package-refused", detail);

    private static Failure Unreadable(string detail) => new(FailureKind.BadRequest, "package-unreadable", detail);

    private static Failure NotAManifest(string detail) => new(FailureKind.Validation, "package-manifest-invalid", detail);

    private sealed class ManifestRefusedException(string reason) : Exception(reason);

    /// <summary>What a deserialised manifest must hold before its entries are trusted as paths and hashes.</summary>
    private static class ManifestShape
    {
        public static string? Problem(EvidencePackageManifest manifest)
        {
            if (manifest.Files is null)
            {
                return "it lists no files.";
            }
            var index = 0;
            foreach (var file in manifest.Files)
            {
                if (file is null)
                {
                    return $"file entry {index} is empty.";
                }
                if (string.IsNullOrEmpty(file.Path) || !UntrustedZip.IsSafeName(file.Path))
                {
                    return $"file entry {index} has no usable path.";
                }
                if (file.Sha256 is not { Length: 64 } hash || !hash.All(char.IsAsciiHexDigitLower))
                {
                    return $"file entry {index} has no SHA-256 (64 lower-case hex digits).";
                }
                index++;
            }
            return manifest.Evidence is not null && manifest.Evidence.Any(evidence => evidence is null) ? "an evidence entry is empty." : null;
        }
    }
}
