using System.Text.RegularExpressions;

namespace DataGovernance.Classification;

/// <summary>
/// A <see cref="TenantRecognizer"/> compiled: its regular expression carries the tenant's time limit, so a pattern that
/// backtracks catastrophically throws <see cref="RegexMatchTimeoutException"/>, which the classifier reports.
/// </summary>
public sealed class CustomRecognizer(TenantRecognizer definition) : Recognizer
{
    private const double PatternConfidence = 0.6;

    private const double ValidatedConfidence = 0.8;

    private readonly Regex _pattern = Compile(definition.Pattern, definition.TimeoutMilliseconds);

    public override string Entity => definition.Name;

    public override PiiCategory Category => definition.Category;

    public override IReadOnlyList<string> ContextWords => definition.ContextWords;

    public static Regex Compile(string pattern, int timeoutMilliseconds) =>
        new(pattern, RegexOptions.CultureInvariant, TimeSpan.FromMilliseconds(timeoutMilliseconds));

    public override IEnumerable<Candidate> Find(string text)
    {
        foreach (Match match in _pattern.Matches(text))
        {
            if (match.Length == 0)
            {
                continue;
            }
            switch (definition.Validator)
            {
                case RecognizerValidator.None:
                    yield return new Candidate(match.Index, match.Length, PatternConfidence, ValidatorOutcome.NotApplicable);
                    break;
                case var validator when Passes(validator, match.Value):
                    yield return new Candidate(match.Index, match.Length, ValidatedConfidence, ValidatorOutcome.Passed);
                    break;
            }
        }
    }

    private static bool Passes(RecognizerValidator validator, string value) => validator switch
    {
        RecognizerValidator.Luhn => Checksums.Luhn(string.Concat(value.Where(char.IsAsciiDigit))),
        RecognizerValidator.Mod97 => Checksums.Mod97(string.Concat(value.Where(char.IsAsciiLetterOrDigit)).ToUpperInvariant()),
        _ => true,
    };
}
