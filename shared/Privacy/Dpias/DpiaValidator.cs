using DataGovernance.Outcomes;
using DataGovernance.Records;

namespace DataGovernance.Privacy;

/// <summary>The content of an assessment as a request describes it, checked field by field.</summary>
public sealed record DpiaContent(
    string Title, string? Description, IReadOnlyList<DpiaAnswer> Answers, IReadOnlyList<DpiaRisk> Risks,
    IReadOnlyList<string> ProcessingActivityIds, IReadOnlyList<string> VendorIds, string? Owner);

/// <summary>
/// Checks a DPIA request. A draft may be answered bit by bit, so unanswered questions are not errors here; submitting
/// for review asks for every answer (<see cref="MissingAnswers"/>). Linked ids are checked for form only; whether
/// they exist is the service's question. Each text has its own limit, and all of them together must fit the one row
/// an assessment is stored in (<see cref="DpiaStore.MaxContentCharacters"/>, 413 <c>dpia-too-large</c> beyond it).
/// </summary>
public static class DpiaValidator
{
    public const int MaxTitleLength = 200;
    public const int MaxTextLength = 4000;
    public const int MaxItems = 50;

    public static Result<DpiaContent> Validate(DpiaRequest request)
    {
        var errors = new FieldErrors();
        var title = Text(errors, "title", request.Title, MaxTitleLength, required: true);
        var description = Text(errors, "description", request.Description, MaxTextLength, required: false);
        var answers = Answers(errors, request.Answers ?? []);
        var risks = Risks(errors, request.Risks ?? []);
        var activities = Ids(errors, "processingActivityIds", request.ProcessingActivityIds ?? []);
        var vendors = Ids(errors, "vendorIds", request.VendorIds ?? []);
        var owner = Text(errors, "owner", request.Owner, MaxTitleLength, required: false);
        if (errors.Any)
        {
            return Failure.Validation(errors);
        }
        var content = new DpiaContent(title!, description, answers, risks, activities, vendors, owner);
        return DpiaStore.StoredLength(content) > DpiaStore.MaxContentCharacters
            ? new Failure(FailureKind.TooLarge, "dpia-too-large",
                $"A DPIA may hold at most {DpiaStore.MaxContentCharacters} characters of JSON in all (answers, risks and mitigations together); shorten or merge some.")
            : content;
    }

    /// <summary>Field errors for every question without an answer, under <c>answers.{questionId}</c>.</summary>
    public static FieldErrors MissingAnswers(IReadOnlyList<DpiaAnswer> answers)
    {
        var errors = new FieldErrors();
        var byId = answers.ToDictionary(answer => answer.QuestionId, StringComparer.Ordinal);
        foreach (var question in DpiaQuestionnaire.Questions)
        {
            if (!byId.TryGetValue(question.Id, out var answer) || !DpiaScoring.IsAnswered(question, answer))
            {
                errors.Add($"answers.{question.Id}", question.Kind == DpiaQuestionKind.Criterion ? "Answer Yes or No." : "Answer in words (explanation).");
            }
        }
        return errors;
    }

    private static List<DpiaAnswer> Answers(FieldErrors errors, IReadOnlyList<DpiaAnswer?> answers)
    {
        var list = new List<DpiaAnswer>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < answers.Count; i++)
        {
            var path = $"answers[{i}]";
            if (answers[i] is not { } answer)
            {
                errors.Add(path, "Required: { questionId, answer?, explanation? }.");
                continue;
            }
            if (DpiaQuestionnaire.Find(answer.QuestionId ?? "") is not { } question)
            {
                errors.Add($"{path}.questionId", $"Not a question of questionnaire {DpiaQuestionnaire.CurrentVersion}.");
                continue;
            }
            if (!seen.Add(question.Id))
            {
                errors.Add($"{path}.questionId", "Answered twice.");
            }
            if (question.Kind == DpiaQuestionKind.Narrative && answer.Answer is not null)
            {
                errors.Add($"{path}.answer", "A narrative question is answered in explanation, not Yes or No.");
            }
            var explanation = Text(errors, $"{path}.explanation", answer.Explanation, MaxTextLength, required: false);
            list.Add(new DpiaAnswer(question.Id, answer.Answer, explanation));
        }
        return list;
    }

    private static List<DpiaRisk> Risks(FieldErrors errors, IReadOnlyList<DpiaRiskRequest?> risks)
    {
        if (risks.Count > MaxItems)
        {
            errors.Add("risks", $"At most {MaxItems} risks.");
        }
        var list = new List<DpiaRisk>();
        for (var i = 0; i < risks.Count; i++)
        {
            var path = $"risks[{i}]";
            if (risks[i] is not { } risk)
            {
                errors.Add(path, "Required: { description, likelihood, severity, mitigations? }.");
                continue;
            }
            var description = Text(errors, $"{path}.description", risk.Description, MaxTextLength, required: true);
            var likelihood = Scale(errors, $"{path}.likelihood", risk.Likelihood, required: true);
            var severity = Scale(errors, $"{path}.severity", risk.Severity, required: true);
            var residualLikelihood = Scale(errors, $"{path}.residualLikelihood", risk.ResidualLikelihood, required: false);
            var residualSeverity = Scale(errors, $"{path}.residualSeverity", risk.ResidualSeverity, required: false);
            var mitigations = new List<string>();
            var given = risk.Mitigations ?? [];
            for (var m = 0; m < given.Count; m++)
            {
                if (Text(errors, $"{path}.mitigations[{m}]", given[m], MaxTextLength, required: true) is { } mitigation)
                {
                    mitigations.Add(mitigation);
                }
            }
            if (given.Count > MaxItems)
            {
                errors.Add($"{path}.mitigations", $"At most {MaxItems} mitigations.");
            }
            list.Add(new DpiaRisk(description ?? "", likelihood ?? 1, severity ?? 1, mitigations, residualLikelihood, residualSeverity));
        }
        return list;
    }

    private static int? Scale(FieldErrors errors, string path, int? value, bool required)
    {
        if (value is null)
        {
            if (required)
            {
                errors.Add(path, $"Required: {DpiaScoring.MinScale} (negligible) to {DpiaScoring.MaxScale} (maximum).");
            }
            return null;
        }
        if (value is < DpiaScoring.MinScale or > DpiaScoring.MaxScale)
        {
            errors.Add(path, $"Between {DpiaScoring.MinScale} (negligible) and {DpiaScoring.MaxScale} (maximum).");
        }
        return value;
    }

    private static List<string> Ids(FieldErrors errors, string path, IReadOnlyList<string?> ids)
    {
        if (ids.Count > MaxItems)
        {
            errors.Add(path, $"At most {MaxItems} items.");
        }
        for (var i = 0; i < ids.Count; i++)
        {
            if (ids[i] is not { } id || !RecordService.IsValidId(id))
            {
                errors.Add($"{path}[{i}]", "An id: 1–64 letters, digits, '-' or '_'.");
            }
        }
        return [.. ids.OfType<string>().Distinct(StringComparer.Ordinal)];
    }

    private static string? Text(FieldErrors errors, string path, string? value, int maxLength, bool required)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                errors.Add(path, "Required.");
            }
            return null;
        }
        if (trimmed.Length > maxLength)
        {
            errors.Add(path, $"At most {maxLength} characters.");
        }
        return trimmed;
    }
}
