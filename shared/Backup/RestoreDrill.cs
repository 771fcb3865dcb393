using DataGovernance.Security;

namespace DataGovernance.Backup;

public enum DrillStatus
{
    Running,
    Passed,
    Failed,
}

public enum DrillTrigger
{
    OnDemand,
    Scheduled,
}

/// <summary>Something a drill found wrong, with a stable code (for example <c>chunk-altered</c>) and the precise detail.</summary>
public sealed record DrillFinding(string Code, string Message);

/// <summary>One collection of a drill: what the manifest promised, what was restored, and what read back identical.</summary>
public sealed record CollectionCheck(
    string Name,
    long ExpectedRecords,
    long RestoredRecords,
    long FoundRecords,
    int ExpectedChunks,
    int MatchingChunks,
    IReadOnlyList<DrillFinding> Problems)
{
    public bool Passed => Problems.Count == 0 && FoundRecords == ExpectedRecords && MatchingChunks == ExpectedChunks;
}

/// <summary>
/// A restore drill: a restore point restored into an isolated scratch partition, verified against its manifest,
/// timed (RTO: from the start to verified) and discarded; its signed report is kept as evidence.
/// </summary>
public sealed record RestoreDrill(
    string Id,
    string TenantId,
    DrillTrigger Trigger,
    string RequestedBy,
    string RestorePointId,
    DrillStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset? FinishedAt,
    double? RtoSeconds,
    int RtoTargetMinutes,
    IReadOnlyList<CollectionCheck> Collections,
    IReadOnlyList<DrillFinding> Reasons)
{
    public static string NewId(DateTimeOffset at) => $"drill-{at:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}";

    public static string ScheduledId(DateTimeOffset occurrence) => $"drill-{occurrence:yyyyMMdd-HHmmss}-sched";

    public bool RtoMet => RtoSeconds is { } seconds && seconds <= RtoTargetMinutes * 60.0;
}

/// <summary>What a drill is to do, fixed when it starts (the orchestration never reads the policy itself).</summary>
public sealed record DrillPlan(string TenantId, string DrillId, string RestorePointId, DrillTrigger Trigger, string RequestedBy, int RtoTargetMinutes);

/// <summary>The manifest of the drilled restore point as the drill found it.</summary>
public sealed record ManifestCheck(long Position, string RootHash, bool RootHashValid, bool MatchesRestorePoint, IReadOnlyList<string> Collections,
    IReadOnlyList<DrillFinding> Problems);

/// <summary>What one collection's restore into the scratch partition wrote, and which chunks it could not read.</summary>
public sealed record CollectionRestore(string Name, long RecordsRestored, int ChunksRestored, IReadOnlyList<DrillFinding> Problems);

/// <summary>Everything a finished drill learned, handed to the step that writes and signs the report.</summary>
public sealed record DrillResult(
    DrillPlan Plan,
    DateTimeOffset StartedAt,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset FinishedAt,
    ManifestCheck? Manifest,
    IReadOnlyList<CollectionCheck> Collections,
    IReadOnlyList<DrillFinding> Problems,
    long ScratchRowsDiscarded);

/// <summary>
/// The drill report as signed: evidence that the restore point can be restored, for SOC 2 A1.3 ("recovery plan
/// procedures supporting system recovery are tested"). Serialized once; the signature covers those exact bytes.
/// </summary>
public sealed record DrillReport(
    string ReportType,
    string DrillId,
    string TenantId,
    DrillTrigger Trigger,
    string RequestedBy,
    string RestorePointId,
    long? Position,
    string? RootHash,
    string PrimaryRegion,
    DateTimeOffset StartedAt,
    DateTimeOffset? VerifiedAt,
    DateTimeOffset FinishedAt,
    double? RtoSeconds,
    int RtoTargetMinutes,
    bool RtoMet,
    IReadOnlyList<CollectionCheck> Collections,
    DrillHashChecks HashChecks,
    bool ScratchDiscarded,
    long ScratchRowsDiscarded,
    DrillStatus Outcome,
    IReadOnlyList<DrillFinding> Reasons,
    IReadOnlyList<string> Controls)
{
    public const string Type = "restore-drill";

    public static readonly IReadOnlyList<string> ControlMapping = ["SOC 2 A1.3"];
}

/// <summary>The hash checks of a drill: the manifest's root hash, and each chunk re-encoded from the rows read back.</summary>
public sealed record DrillHashChecks(bool ManifestRootHashValid, bool RootHashMatchesRestorePoint, int ChunksExpected, int ChunksMatching);

/// <summary>A report exactly as signed (the JSON text whose UTF-8 bytes the signature covers) and its signature.</summary>
public sealed record SignedDrillReport(string DrillId, string Report, EvidenceSignature Signature);
