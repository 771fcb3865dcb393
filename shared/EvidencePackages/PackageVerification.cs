namespace DataGovernance.EvidencePackages;

public enum FileCheckResult
{
    Ok,
    Modified,
    Missing,
    Unexpected,
}

/// <summary>One file's check: what the manifest says it should hash to and what the ZIP holds.</summary>
public sealed record FileCheck(string Path, FileCheckResult Result, string? ExpectedSha256, string? ActualSha256);

/// <summary>
/// What verifying a package found. <see cref="IntegrityValid"/> when the signature over the manifest by the key the
/// package carries is valid, every listed file is present and unmodified and nothing unlisted was added — which anyone
/// can achieve by re-signing a forged package with their own key. <see cref="Valid"/> only when, in addition, a trusted
/// key was given and the package was signed by it.
/// </summary>
/// <param name="KeyId">SHA-256 of the package's signing key (SubjectPublicKeyInfo), hex; null when the package has no readable key.</param>
/// <param name="SignedByTrustedKey">Whether that key is the trusted one; null when no trusted key was given.</param>
public sealed record PackageVerification(
    bool Valid,
    bool IntegrityValid,
    bool SignatureValid,
    string? KeyId,
    bool? SignedByTrustedKey,
    string? PackageId,
    string? TenantId,
    string? Framework,
    DateTimeOffset? GeneratedAt,
    IReadOnlyList<FileCheck> Files,
    IReadOnlyList<string> Problems);

/// <summary>How much of an untrusted ZIP the verifier is willing to read.</summary>
public sealed record PackageReadLimits(int MaxEntries, long MaxUncompressedBytes, int MaxCompressionRatio)
{
    public static readonly PackageReadLimits Default = new(10_000, 4L * 1024 * 1024 * 1024, 100);

    /// <summary>Entries smaller than this are not held to the compression ratio: small text compresses well and cannot hurt.</summary>
    public const long RatioCheckedFrom = 1024 * 1024;

    public const int MaxManifestBytes = 64 * 1024 * 1024;
}
