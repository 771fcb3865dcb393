using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataGovernance.EvidencePackages;

/// <summary>The fixed names inside an evidence package.</summary>
public static class EvidencePackageFiles
{
    public const string Format = "datagovernance-evidence-package/1";
    public const string Manifest = "manifest.json";
    public const string Signature = "manifest.sig";
    public const string PublicKey = "signing-key.pem";
    public const string ChainOfCustody = "chain-of-custody.json";
    public const string ReportFolder = "report/";
    public const string EvidenceFolder = "evidence/";

    /// <summary>The files the manifest cannot list: itself and what signs it.</summary>
    public static readonly IReadOnlySet<string> Unlisted = new HashSet<string>(StringComparer.Ordinal) { Manifest, Signature, PublicKey };

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Json);

    public static T? Deserialize<T>(ReadOnlySpan<byte> json) => JsonSerializer.Deserialize<T>(json, Json);
}

/// <summary>One file of a package: its path in the ZIP, SHA-256 (hex) and size.</summary>
public sealed record ManifestFile(string Path, string Sha256, long Size, string MediaType);

/// <summary>One evidence record as packed: its version and dates, what it evidences, and its file (null when it has none).</summary>
/// <param name="RequirementIds">The requirement ids the record names.</param>
/// <param name="RequirementReferences">The references of the in-scope requirements it serves.</param>
/// <param name="ControlIds">The control ids the record names.</param>
/// <param name="ControlCodes">The codes of the in-scope controls it serves.</param>
public sealed record ManifestEvidence(
    string RecordId,
    long Version,
    string? Title,
    string? Status,
    string? CollectedOn,
    string? EffectiveFrom,
    string? ExpiresOn,
    IReadOnlyList<string> RequirementIds,
    IReadOnlyList<string> RequirementReferences,
    IReadOnlyList<string> ControlIds,
    IReadOnlyList<string> ControlCodes,
    ManifestEvidenceFile? File);

public sealed record ManifestEvidenceFile(string Path, string FileName, string ContentType, long SizeBytes, string Sha256);

public sealed record ManifestGenerator(string Name, string Version);

/// <summary>
/// <c>manifest.json</c>: what the package is, every other file's SHA-256 and size, and each evidence record's mapping.
/// <c>manifest.sig</c> is a detached ECDSA P-256/SHA-256 signature (DER) of its exact bytes by the key in
/// <c>signing-key.pem</c>, so the signature covers every listed file.
/// </summary>
public sealed record EvidencePackageManifest(
    string Format,
    string PackageId,
    string TenantId,
    string Framework,
    EvidencePackageScope Scope,
    DateTimeOffset GeneratedAt,
    ManifestGenerator Generator,
    string RequestedBy,
    int RequirementsInScope,
    int RequirementsCovered,
    IReadOnlyList<ManifestFile> Files,
    IReadOnlyList<ManifestEvidence> Evidence);

/// <summary>One evidence record's custody: who uploaded its current file and when, and every version from the change log.</summary>
public sealed record EvidenceCustody(string RecordId, long Version, string? FileUploadedBy, DateTimeOffset? FileUploadedAt, IReadOnlyList<EvidenceVersion> History);

/// <summary>
/// <c>chain-of-custody.json</c>: who asked for the package and when, its approvals (none are required today, so the list
/// is empty), every step it went through up to being written, and each evidence record's custody.
/// </summary>
public sealed record ChainOfCustody(
    string PackageId,
    string TenantId,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    IReadOnlyList<EvidencePackageStep> Approvals,
    IReadOnlyList<EvidencePackageStep> Steps,
    IReadOnlyList<EvidenceCustody> Evidence);
