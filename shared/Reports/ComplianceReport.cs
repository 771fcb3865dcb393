namespace DataGovernance.Reports;

/// <summary>How far a catalogue entry is from ready.</summary>
public enum EntryStatus
{
    /// <summary>Every check passes: readiness 100.</summary>
    Ready,

    /// <summary>Some checks pass.</summary>
    Partial,

    /// <summary>Requirements exist, but no check passes.</summary>
    Gap,

    /// <summary>No requirement of the tenant refers to the entry.</summary>
    NotAddressed,

    /// <summary>Every requirement that refers to the entry is marked not applicable; left out of the readiness.</summary>
    NotApplicable,
}

/// <summary>Whether a piece of evidence can be relied on on the report's day.</summary>
public enum EvidenceFreshness
{
    Current,

    /// <summary>Its expiry date has passed, or it is marked expired.</summary>
    Expired,

    /// <summary>Not yet accepted, rejected, or not yet in effect: neither for nor against.</summary>
    NotCurrent,
}

public sealed record RequirementSummary(string Id, string Reference, string Title, string? Status, string? Description);

public sealed record AssessmentSummary(string Id, string Title, string? Status, DateOnly? PerformedOn, int? Score);

/// <summary>A control linked to an entry's requirements, and its latest assessment (by performed date).</summary>
public sealed record ControlSummary(string Id, string Code, string Title, string? Status, AssessmentSummary? LatestAssessment)
{
    public bool Passing => LatestAssessment?.Status == "passed";
}

public sealed record EvidenceSummary(string Id, string Title, string? Status, DateOnly CollectedOn, DateOnly? ExpiresOn, EvidenceFreshness Freshness);

/// <summary>Something missing for an entry: a stable code and what it means here.</summary>
public sealed record ReportGap(string Code, string Detail);

/// <summary>
/// ISO/IEC 27001 Statement of Applicability line: whether the Annex A control applies (null until a requirement decides
/// it), why, and how far it is implemented.
/// </summary>
public sealed record ApplicabilityStatement(bool? Applicable, string Justification, string ImplementationStatus);

/// <summary>
/// One catalogue entry as the tenant's records show it. Readiness (0–100) is the mean of four checks: requirements
/// implemented, requirements covered by a control, controls whose latest assessment passed, and current evidence
/// among current and expired evidence (so expired evidence lowers it).
/// </summary>
public sealed record ReportEntry(
    string Reference,
    string Title,
    string Group,
    EntryStatus Status,
    double Readiness,
    IReadOnlyList<RequirementSummary> Requirements,
    IReadOnlyList<ControlSummary> Controls,
    IReadOnlyList<EvidenceSummary> Evidence,
    IReadOnlyList<ReportGap> Gaps,
    ApplicabilityStatement? Applicability);

/// <summary>Readiness over the applicable entries (entries not addressed count as 0), and how many entries are in each state.</summary>
public sealed record ReadinessSummary(
    double Readiness,
    int Entries,
    int Applicable,
    int Ready,
    int Partial,
    int Gap,
    int NotAddressed,
    int NotApplicable,
    int CurrentEvidence,
    int ExpiredEvidence,
    int Gaps);

/// <summary>A framework's readiness as the tenant's records show it at <see cref="GeneratedAt"/>.</summary>
public sealed record ComplianceReport(string TenantId, string Framework, DateTimeOffset GeneratedAt)
{
    public string FrameworkName { get; init; } = "";

    public string FrameworkVersion { get; init; } = "";

    public ReadinessSummary Summary { get; init; } = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public IReadOnlyList<ReportEntry> Entries { get; init; } = [];

    /// <summary>Requirements of the framework whose reference matches no catalogue entry (a typo, or a withdrawn identifier).</summary>
    public IReadOnlyList<RequirementSummary> UnmatchedRequirements { get; init; } = [];

    /// <summary>True when the report carries a Statement of Applicability (ISO/IEC 27001).</summary>
    public bool HasStatementOfApplicability => Framework == "iso27001";
}
