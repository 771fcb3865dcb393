using System.Text.Json.Serialization;
using DataGovernance.Storage;

namespace DataGovernance.Privacy;

/// <summary>Draft → InReview → Approved or Rejected; a decided assessment can be reopened (back to Draft).</summary>
public enum DpiaStatus
{
    Draft,
    InReview,
    Approved,
    Rejected,
}

public enum DpiaAnswerValue
{
    Yes,
    No,
}

/// <summary>Low (score 1–3), Medium (4–8), High (9–16): see <see cref="DpiaScoring"/>.</summary>
public enum DpiaRiskLevel
{
    Low,
    Medium,
    High,
}

/// <summary>One answered question of the questionnaire; <c>explanation</c> is the answer of a narrative question.</summary>
public sealed record DpiaAnswer(string QuestionId, DpiaAnswerValue? Answer, string? Explanation);

/// <summary>
/// A risk to the rights and freedoms of data subjects (Art. 35(7)(c)): likelihood and severity on the 1–4 scales of
/// <see cref="DpiaScoring"/>, before and, once its mitigations apply, after them (residual).
/// </summary>
public sealed record DpiaRisk(
    string Description, int Likelihood, int Severity, IReadOnlyList<string> Mitigations, int? ResidualLikelihood, int? ResidualSeverity)
{
    public int Score => Likelihood * Severity;

    public int ResidualScore => (ResidualLikelihood ?? Likelihood) * (ResidualSeverity ?? Severity);
}

/// <summary>Why the hub opened the assessment by itself.</summary>
public sealed record DpiaAutomaticOpening(DpiaTrigger Trigger, string Subject, string Reason, DateTimeOffset OpenedAt);

/// <summary>The data protection officer's decision, with the roles the signer held at the time.</summary>
/// <param name="PriorConsultation">The supervisory authority's reference when a high residual risk was approved after consulting it (Art. 36).</param>
public sealed record DpiaSignOff(DpiaStatus Decision, string By, IReadOnlyList<string> Roles, DateTimeOffset At, string? Comment, string? PriorConsultation);

/// <summary>What the answers and risks amount to, computed on every read and write (never entered).</summary>
/// <param name="CriteriaMet">The WP248 criteria answered Yes.</param>
/// <param name="DpiaRequired">Two or more criteria, or an Art. 35(3) case.</param>
public sealed record DpiaAssessment(
    IReadOnlyList<string> CriteriaMet, int CriteriaCount, bool DpiaRequired, string RequiredBecause, int Unanswered,
    int HighestRiskScore, DpiaRiskLevel RiskLevel, int HighestResidualScore, DpiaRiskLevel ResidualRiskLevel);

/// <summary>A data protection impact assessment (GDPR Art. 35) of one or more processing activities.</summary>
public sealed record Dpia(
    string Id,
    string Title,
    string? Description,
    DpiaStatus Status,
    string QuestionnaireVersion,
    IReadOnlyList<DpiaAnswer> Answers,
    IReadOnlyList<DpiaRisk> Risks,
    IReadOnlyList<string> ProcessingActivityIds,
    IReadOnlyList<string> VendorIds,
    string? Owner,
    DpiaAutomaticOpening? OpenedAutomatically,
    DpiaSignOff? SignOff,
    long Version,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    string UpdatedBy,
    int Steps) : IHasETag
{
    [JsonIgnore]
    public string ETag => $"\"{Version}\"";

    /// <summary>Filled in when read.</summary>
    public DpiaAssessment? Assessment { get; init; }

    /// <summary>Filled in when one assessment is read.</summary>
    public IReadOnlyList<DpiaStep>? History { get; init; }

    public bool IsOpen => Status is DpiaStatus.Draft or DpiaStatus.InReview;

    public static string NewId(DateTimeOffset at) => $"dpia-{at:yyyyMMdd}-{Guid.NewGuid().ToString("N")[..8]}";
}

/// <summary>One step of an assessment's history.</summary>
public sealed record DpiaStep(int Sequence, DateTimeOffset At, string Actor, string Action, DpiaStatus Status, string? Note);

/// <summary>
/// Body of <c>POST …/privacy/dpias</c> and <c>PUT …/{id}</c>: the assessment's content. Every property is nullable so
/// that a missing one is a field error (422) rather than a malformed body.
/// </summary>
public sealed record DpiaRequest(
    string? Title,
    string? Description,
    IReadOnlyList<DpiaAnswer?>? Answers,
    IReadOnlyList<DpiaRiskRequest?>? Risks,
    IReadOnlyList<string?>? ProcessingActivityIds,
    IReadOnlyList<string?>? VendorIds,
    string? Owner);

public sealed record DpiaRiskRequest(
    string? Description, int? Likelihood, int? Severity, IReadOnlyList<string?>? Mitigations, int? ResidualLikelihood, int? ResidualSeverity);

/// <summary>Body of <c>POST …/{id}/submit</c>, <c>/approve</c>, <c>/reject</c>, <c>/reopen</c>.</summary>
public sealed record DpiaDecisionRequest(string? Comment, string? PriorConsultation);

/// <summary>Filters of the listing; every one optional.</summary>
public sealed record DpiaFilter(DpiaStatus? Status, DpiaTrigger? Trigger, string? Owner);
