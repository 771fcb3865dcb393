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
