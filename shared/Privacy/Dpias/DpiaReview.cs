using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;

namespace DataGovernance.Privacy;

/// <summary>
/// The review of an assessment: Draft → InReview (every question answered, risks identified when a DPIA is
/// required) → Approved or Rejected by the data protection officer's sign-off, recorded with the signer's roles;
/// a decided assessment can be reopened to Draft. A high residual risk is approved only with the reference of the
/// supervisory authority's prior consultation (Art. 36(1)).
/// </summary>
public sealed class DpiaReview(DpiaJournal journal)
{
    public const int MaxCommentLength = 4000;

    public Task<Result<Dpia>> SubmitAsync(
        string tenantId, string dpiaId, DpiaDecisionRequest body, long? expectedVersion, WriteContext context, CancellationToken cancellationToken) =>
        journal.ChangeAsync(tenantId, dpiaId, expectedVersion, (current, _) =>
        {
            if (current.Status != DpiaStatus.Draft)
            {
                return Transition(current, "submitted for review");
            }
            if (TooLong(body) is { } tooLong)
            {
                return tooLong;
            }
            var missing = DpiaValidator.MissingAnswers(current.Answers);
            if (DpiaScoring.Assess(current.Answers, current.Risks).DpiaRequired && current.Risks.Count == 0)
            {
                missing.Add("risks", "A DPIA is required: identify at least one risk with its likelihood and severity (Art. 35(7)(c)).");
            }
            if (missing.Any)
            {
                return new Failure(FailureKind.Validation, "dpia-incomplete", "The DPIA cannot be reviewed before every question is answered.", missing.ToDictionary());
            }
            return new DpiaChange(current with { Status = DpiaStatus.InReview }, "Submitted", Comment(body));
        }, context, cancellationToken);

    public Task<Result<Dpia>> ApproveAsync(
        string tenantId, string dpiaId, DpiaDecisionRequest body, long? expectedVersion, Caller caller, WriteContext context, CancellationToken cancellationToken) =>
        journal.ChangeAsync(tenantId, dpiaId, expectedVersion, (current, now) =>
        {
            if (current.Status != DpiaStatus.InReview)
            {
                return Transition(current, "approved");
            }
            var consultation = Text(body.PriorConsultation);
            if (DpiaScoring.Assess(current.Answers, current.Risks).ResidualRiskLevel == DpiaRiskLevel.High && consultation is null)
            {
                return new Failure(FailureKind.Validation, "dpia-high-residual-risk",
                    "A high residual risk remains: consult the supervisory authority first (Art. 36) and give its reference.",
                    FieldErrors.Of("priorConsultation", "Required while a residual risk scores 9 or more.").ToDictionary());
            }
            return Decide(current, DpiaStatus.Approved, body, consultation, caller, now);
        }, context, cancellationToken);

    public Task<Result<Dpia>> RejectAsync(
        string tenantId, string dpiaId, DpiaDecisionRequest body, long? expectedVersion, Caller caller, WriteContext context, CancellationToken cancellationToken) =>
        journal.ChangeAsync(tenantId, dpiaId, expectedVersion, (current, now) =>
        {
            if (current.Status != DpiaStatus.InReview)
            {
                return Transition(current, "rejected");
            }
            if (Comment(body) is null)
            {
                return Failure.Validation(FieldErrors.Of("comment", "Required: why the processing may not go ahead as assessed."));
            }
            var decided = Decide(current, DpiaStatus.Rejected, body, null, caller, now);
            return decided.Succeeded ? decided.Value with { Claim = DpiaClaimChange.Release } : decided.Failure;
        }, context, cancellationToken);

    /// <summary>Back to Draft; the earlier sign-off stays in the history. A rejected automatic assessment takes its claim back.</summary>
    public Task<Result<Dpia>> ReopenAsync(
        string tenantId, string dpiaId, DpiaDecisionRequest body, long? expectedVersion, WriteContext context, CancellationToken cancellationToken) =>
        journal.ChangeAsync(tenantId, dpiaId, expectedVersion, (current, _) =>
        {
            if (current.Status is not (DpiaStatus.Approved or DpiaStatus.Rejected))
            {
                return Transition(current, "reopened");
            }
            if (TooLong(body) is { } tooLong)
            {
                return tooLong;
            }
            return new DpiaChange(current with { Status = DpiaStatus.Draft, SignOff = null }, "Reopened", Comment(body),
                current.Status == DpiaStatus.Rejected ? DpiaClaimChange.Take : DpiaClaimChange.None);
        }, context, cancellationToken);

    private static Result<DpiaChange> Decide(Dpia current, DpiaStatus decision, DpiaDecisionRequest body, string? consultation, Caller caller, DateTimeOffset now)
    {
        if (TooLong(body) is { } tooLong)
        {
            return tooLong;
        }
        var comment = Comment(body);
        var roles = caller.Roles.Select(role => role.ToString()).Order(StringComparer.Ordinal).ToList();
        var signOff = new DpiaSignOff(decision, caller.Actor.Id, roles, now, comment, consultation);
        return new DpiaChange(current with { Status = decision, SignOff = signOff }, decision.ToString(), comment);
    }

    /// <summary>Every step checks its texts: they are kept in the assessment's row and its history.</summary>
    private static Failure? TooLong(DpiaDecisionRequest body)
    {
        var errors = new FieldErrors();
        if (Comment(body)?.Length > MaxCommentLength)
        {
            errors.Add("comment", $"At most {MaxCommentLength} characters.");
        }
        if (Text(body.PriorConsultation)?.Length > MaxCommentLength)
        {
            errors.Add("priorConsultation", $"At most {MaxCommentLength} characters.");
        }
        return errors.Any ? Failure.Validation(errors) : null;
    }

    private static Failure Transition(Dpia current, string verb) =>
        Failure.Conflict("invalid-status-transition", $"A DPIA in status {current.Status} cannot be {verb}.");

    private static string? Comment(DpiaDecisionRequest body) => Text(body.Comment);

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
