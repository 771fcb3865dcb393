namespace DataGovernance.Privacy;

/// <summary>
/// What an assessment's answers and risks amount to. Two separate rules:
/// <list type="bullet">
/// <item>Whether a DPIA is required: two or more of the nine WP248 criteria answered Yes, or a Yes to an Art. 35(3)
/// case (automated decisions with significant effects, systematic monitoring), or large-scale processing of sensitive
/// data (Art. 35(3)(b)).</item>
/// <item>How high the risk is: each risk scores likelihood × severity, both on the four-level scales of the CNIL PIA
/// method (1 negligible, 2 limited, 3 significant, 4 maximum), so 1–16; the assessment's level is that of its highest
/// score: 1–3 Low, 4–8 Medium, 9–16 High. The residual level uses the residual likelihood and severity where given.</item>
/// </list>
/// </summary>
public static class DpiaScoring
{
    public const int MinScale = 1;

    public const int MaxScale = 4;

    public static DpiaRiskLevel LevelOf(int score) => score switch
    {
        >= 9 => DpiaRiskLevel.High,
        >= 4 => DpiaRiskLevel.Medium,
        _ => DpiaRiskLevel.Low,
    };

    public static DpiaAssessment Assess(IReadOnlyList<DpiaAnswer> answers, IReadOnlyList<DpiaRisk> risks)
    {
        var byId = answers.ToDictionary(answer => answer.QuestionId, StringComparer.Ordinal);
        bool Yes(string id) => byId.TryGetValue(id, out var answer) && answer.Answer == DpiaAnswerValue.Yes;
        var met = DpiaQuestionnaire.Criteria.Where(question => Yes(question.Id)).ToList();
        var unanswered = DpiaQuestionnaire.Questions.Count(question => !byId.TryGetValue(question.Id, out var answer) || !IsAnswered(question, answer));
        var because = RequiredBecause(met, Yes("sensitive-data") && Yes("large-scale"));
        var highest = risks.Count == 0 ? 0 : risks.Max(risk => risk.Score);
        var residual = risks.Count == 0 ? 0 : risks.Max(risk => risk.ResidualScore);
        return new DpiaAssessment([.. met.Select(question => question.Id)], met.Count, because is not null, because ?? "Fewer than two criteria met and no Art. 35(3) case.",
            unanswered, highest, LevelOf(highest), residual, LevelOf(residual));
    }

    public static bool IsAnswered(DpiaQuestion question, DpiaAnswer answer) =>
        question.Kind == DpiaQuestionKind.Criterion ? answer.Answer is not null : !string.IsNullOrWhiteSpace(answer.Explanation);

    private static string? RequiredBecause(List<DpiaQuestion> met, bool largeScaleSensitive)
    {
        if (met.FirstOrDefault(question => question.Art35Case) is { } direct)
        {
            return $"An Art. 35(3) case applies ({direct.Id}).";
        }
        if (largeScaleSensitive)
        {
            return "Sensitive data processed on a large scale (Art. 35(3)(b)).";
        }
        return met.Count >= DpiaQuestionnaire.CriteriaThreshold
            ? $"{met.Count} WP248 criteria met ({string.Join(", ", met.Select(question => question.Id))}); two or more make a DPIA likely required."
            : null;
    }
}
