namespace DataGovernance.EvidencePackages;

public enum EvidencePackageStatus
{
    Building,
    Completed,
    Failed,
}

/// <summary>What a package is asked to hold: a framework's evidence, optionally of some requirements and collected within a period.</summary>
/// <param name="RequirementReferences">Requirement references of the framework ("CC6.1"); empty: all of the framework's requirements.</param>
public sealed record EvidencePackageRequest(string? Framework, IReadOnlyList<string>? RequirementReferences, DateOnly? CollectedFrom, DateOnly? CollectedTo);

public sealed record EvidencePackageScope(string Framework, IReadOnlyList<string> RequirementReferences, DateOnly? CollectedFrom, DateOnly? CollectedTo);

/// <summary>One step a package went through, for its chain of custody.</summary>
public sealed record EvidencePackageStep(string Step, DateTimeOffset At, string Actor, string? Note = null);

/// <summary>What a built package holds and the ZIP's own size and SHA-256.</summary>
/// <param name="Evidence">Evidence records in scope.</param>
/// <param name="Files">Evidence files packed (records without a file are listed in the manifest only).</param>
/// <param name="KeyId">SHA-256 of the signing key's SubjectPublicKeyInfo, hex.</param>
public sealed record EvidencePackageContents(int Evidence, int Files, int RequirementsCovered, long Size, string Sha256, string KeyId);

/// <summary>An evidence package for auditors, as stored: scope, who asked, each step, and what it came to.</summary>
/// <param name="Blob">The ZIP's blob: the one attempt that wrote the whole package (null for packages from before each attempt wrote a blob of its own).</param>
public sealed record EvidencePackage(
    string Id,
    EvidencePackageScope Scope,
    EvidencePackageStatus Status,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    IReadOnlyList<EvidencePackageStep> Steps,
    EvidencePackageContents? Contents = null,
    string? FailureReason = null,
    DateTimeOffset? FinishedAt = null,
    string? Blob = null);

/// <summary>A package as the API shows it; a completed one with a fresh expiring download link.</summary>
public sealed record EvidencePackageView(
    string Id,
    string Framework,
    EvidencePackageScope Scope,
    EvidencePackageStatus Status,
    string RequestedBy,
    DateTimeOffset RequestedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<EvidencePackageStep> Steps,
    EvidencePackageContents? Contents,
    string? FailureReason,
    string? DownloadUrl,
    DateTimeOffset? DownloadExpiresAt);
