namespace DataGovernance.Privacy;

/// <summary>A criterion question is answered Yes or No (with an optional explanation); a narrative one in words.</summary>
public enum DpiaQuestionKind
{
    Criterion,
    Narrative,
}

/// <param name="Art35Case">A Yes alone makes the DPIA required: one of the cases of Art. 35(3)(a)–(c).</param>
public sealed record DpiaQuestion(string Id, DpiaQuestionKind Kind, string Text, string Reference, bool Art35Case = false);

/// <summary>
/// The fixed questionnaire, versioned: an assessment keeps the version it was answered against, and a change of
/// wording or of the set of questions is a new version, never an edit of an old one. The nine criteria are those of
/// the Article 29 Working Party's guidelines on DPIAs (WP248 rev.01, endorsed by the EDPB); the narrative questions
/// are the contents Art. 35(7) requires (risks and measures are entered as risks with their mitigations).
/// </summary>
public static class DpiaQuestionnaire
{
    public const string CurrentVersion = "2025-01";

    /// <summary>WP248: processing meeting two or more criteria is likely to need a DPIA.</summary>
    public const int CriteriaThreshold = 2;

    public static IReadOnlyList<DpiaQuestion> Questions { get; } =
    [
        new("evaluation-scoring", DpiaQuestionKind.Criterion,
            "Does the processing evaluate or score people, including profiling and predicting (performance at work, economic situation, health, preferences, behaviour, location)?",
            "WP248 criterion 1; Recitals 71, 91"),
        new("automated-decisions", DpiaQuestionKind.Criterion,
            "Does it take automated decisions with legal or similarly significant effects on people?",
            "WP248 criterion 2; Art. 35(3)(a), Art. 22", Art35Case: true),
        new("systematic-monitoring", DpiaQuestionKind.Criterion,
            "Does it observe, monitor or control people systematically, including in publicly accessible areas?",
            "WP248 criterion 3; Art. 35(3)(c)", Art35Case: true),
        new("sensitive-data", DpiaQuestionKind.Criterion,
            "Does it involve special categories (Art. 9), criminal convictions (Art. 10) or other data of a highly personal nature?",
            "WP248 criterion 4; Art. 35(3)(b)"),
        new("large-scale", DpiaQuestionKind.Criterion,
            "Is it on a large scale (number of people, volume of data, duration, geographical extent)?",
            "WP248 criterion 5; Recital 91"),
        new("matching-datasets", DpiaQuestionKind.Criterion,
            "Does it match or combine datasets from different operations or controllers beyond what people would expect?",
            "WP248 criterion 6"),
        new("vulnerable-subjects", DpiaQuestionKind.Criterion,
            "Does it concern vulnerable people (employees, children, patients, the elderly, asylum seekers)?",
            "WP248 criterion 7; Recital 75"),
        new("innovative-technology", DpiaQuestionKind.Criterion,
            "Does it use innovative technology or organisational solutions (biometrics, AI, connected devices)?",
            "WP248 criterion 8; Art. 35(1), Recitals 89, 91"),
        new("preventing-rights", DpiaQuestionKind.Criterion,
            "Does the processing itself prevent people from exercising a right or using a service or contract?",
            "WP248 criterion 9; Art. 22, Recital 91"),
        new("processing-description", DpiaQuestionKind.Narrative,
            "Describe the processing operations systematically: the data, its sources, recipients, retention and the purposes, including any legitimate interest pursued.",
            "Art. 35(7)(a)"),
        new("necessity-proportionality", DpiaQuestionKind.Narrative,
            "Why is the processing necessary and proportionate to its purposes (lawful basis, data minimisation, retention, information and rights of the people concerned)?",
            "Art. 35(7)(b)"),
        new("consultation", DpiaQuestionKind.Narrative,
            "Whose views were sought (the data protection officer, data subjects or their representatives, processors), and what did they say?",
            "Art. 35(2), 35(9)"),
    ];

    private static readonly Dictionary<string, DpiaQuestion> ById = Questions.ToDictionary(question => question.Id, StringComparer.Ordinal);

    public static DpiaQuestion? Find(string id) => ById.GetValueOrDefault(id);

    public static IEnumerable<DpiaQuestion> Criteria => Questions.Where(question => question.Kind == DpiaQuestionKind.Criterion);
}
