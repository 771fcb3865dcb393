using System.Text.RegularExpressions;
using DataGovernance.Classification.Recognizers;

namespace DataGovernance.Classification;

/// <summary>
/// Finds personal data in a string or a JSON record with the built-in recognizers plus any others given (a tenant's).
/// A candidate becomes a match at <see cref="ReportingThreshold"/>; a context word within <see cref="ContextWindow"/>
/// characters, or in the record's field name, adds <see cref="ContextBoost"/>, and an exclusion word there drops it.
/// Where built-in matches overlap, the most confident (then the longest) wins; a tenant's matches are all kept, since
/// the tenant asked for them.
/// Instances are immutable and may be shared.
/// </summary>
public sealed partial class Classifier
{
    public const double ReportingThreshold = 0.5;

    public const double ContextBoost = 0.25;

    public const int ContextWindow = 40;

    /// <summary>
    /// The version of the built-in recognizers and the rules above. Raise it with any change to what they find: stored
    /// results of an older version are classified again by the next re-scan.
    /// </summary>
    public const int BuiltInVersion = 1;

    public static IReadOnlyList<Recognizer> BuiltIn { get; } =
    [
        new EmailRecognizer(), new PhoneRecognizer(), new CreditCardRecognizer(), new IbanRecognizer(), new IpAddressRecognizer(),
        new UsSsnRecognizer(), new UkNinoRecognizer(), new UkNhsNumberRecognizer(), new DeTaxIdRecognizer(), new EsNifRecognizer(),
        new ItCodiceFiscaleRecognizer(), new FrNirRecognizer(), new NlBsnRecognizer(), new PlPeselRecognizer(), new SePersonnummerRecognizer(),
        new DateOfBirthRecognizer(), new PersonNameRecognizer(),
    ];

    public static Classifier Default { get; } = new([]);

    private readonly IReadOnlyList<Recognizer> _extra;

    public Classifier(IReadOnlyList<Recognizer> extra) => _extra = extra;

    public ClassificationResult Classify(string text) => Classify(text, null, null);

    /// <summary>Classifies one value of a record: <paramref name="fieldName"/> chooses recognizers and is context; matches carry <paramref name="fieldPath"/>.</summary>
    public ClassificationResult Classify(string value, string? fieldPath, string? fieldName)
    {
        var timeouts = new List<RecognizerTimeout>();
        var fieldContext = fieldName is null ? "" : FieldWords(fieldName);
        var builtIn = Resolve(Weigh(BuiltIn, value, fieldPath, fieldName, fieldContext, timeouts));
        var extra = Weigh(_extra, value, fieldPath, fieldName, fieldContext, timeouts);
        return new ClassificationResult([.. builtIn.Concat(extra).OrderBy(match => match.Start)], timeouts);
    }

    /// <summary>Classifies every string and number in <paramref name="record"/>; matches carry the field path (<c>contacts[0].email</c>).</summary>
    public ClassificationResult Classify(System.Text.Json.JsonElement record)
    {
        var matches = new List<ClassificationMatch>();
        var timeouts = new List<RecognizerTimeout>();
        foreach (var (path, fieldName, value) in RecordFields.Walk(record))
        {
            var found = Classify(value, path, fieldName);
            matches.AddRange(found.Matches);
            timeouts.AddRange(found.Timeouts);
        }
        return new ClassificationResult(matches, timeouts);
    }

    private static List<ClassificationMatch> Weigh(
        IReadOnlyList<Recognizer> recognizers, string text, string? path, string? fieldName, string fieldContext, List<RecognizerTimeout> timeouts)
    {
        var matches = new List<ClassificationMatch>();
        foreach (var recognizer in recognizers.Where(recognizer => recognizer.AppliesTo(fieldName)))
        {
            List<Candidate> candidates;
            try
            {
                candidates = [.. recognizer.Find(text)];
            }
            catch (RegexMatchTimeoutException)
            {
                timeouts.Add(new RecognizerTimeout(recognizer.Name, path));
                continue;
            }
            foreach (var candidate in candidates)
            {
                if (Near(recognizer.ExclusionWords, text, candidate, fieldContext))
                {
                    continue;
                }
                var inContext = Near(recognizer.ContextWords, text, candidate, fieldContext);
                var confidence = Math.Min(1.0, candidate.Confidence + (inContext ? ContextBoost : 0));
                if (confidence >= ReportingThreshold)
                {
                    matches.Add(new ClassificationMatch(recognizer.Entity, recognizer.Name, recognizer.Category, recognizer.Category.IsSpecialCategory(),
                        Math.Round(confidence, 2), candidate.Start, candidate.Length, path, candidate.Validator));
                }
            }
        }
        return matches;
    }

    private static List<ClassificationMatch> Resolve(List<ClassificationMatch> matches)
    {
        var kept = new List<ClassificationMatch>();
        foreach (var match in matches.OrderByDescending(match => match.Confidence).ThenByDescending(match => match.Length))
        {
            if (!kept.Any(other => match.Start < other.Start + other.Length && other.Start < match.Start + match.Length))
            {
                kept.Add(match);
            }
        }
        return kept;
    }

    private static bool Near(IReadOnlyList<string> words, string text, Candidate candidate, string fieldContext)
    {
        if (words.Count == 0)
        {
            return false;
        }
        var from = Math.Max(0, candidate.Start - ContextWindow);
        var to = Math.Min(text.Length, candidate.Start + candidate.Length + ContextWindow);
        var window = text[from..candidate.Start] + " " + text[(candidate.Start + candidate.Length)..to];
        return words.Any(word => ContainsWord(window, word) || ContainsWord(fieldContext, word));
    }

    /// <summary>Whether <paramref name="word"/> occurs in <paramref name="text"/> not inside a longer word ("pan" is not in "company").</summary>
    internal static bool ContainsWord(string text, string word)
    {
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var before = at == 0 || !char.IsLetter(text[at - 1]);
            var after = at + word.Length == text.Length || !char.IsLetter(text[at + word.Length]);
            if (before && after)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>A field name as words: <c>dateOfBirth</c> and <c>date_of_birth</c> both read "date of birth".</summary>
    private static string FieldWords(string fieldName) =>
        CamelHump().Replace(fieldName, " ").Replace('_', ' ').Replace('-', ' ').ToLowerInvariant();

    [GeneratedRegex("(?<=[a-z0-9])(?=[A-Z])", RegexOptions.CultureInvariant)]
    private static partial Regex CamelHump();
}
