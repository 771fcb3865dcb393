using System.Text.RegularExpressions;

namespace DataGovernance.Classification;

/// <summary>A place in a text where a recognizer found its entity, before context and overlaps are weighed.</summary>
public readonly record struct Candidate(int Start, int Length, double Confidence, ValidatorOutcome Validator);

/// <summary>Finds one entity type in text. Implementations are stateless and safe to share between threads.</summary>
public abstract class Recognizer
{
    public abstract string Entity { get; }

    /// <summary>The built-in entity name, or the name a tenant gave its own recognizer.</summary>
    public virtual string Name => Entity;

    public abstract PiiCategory Category { get; }

    /// <summary>Words near a match (or in the field name of a record) that make it likelier, compared case-insensitively.</summary>
    public virtual IReadOnlyList<string> ContextWords => [];

    /// <summary>Words near a match that say it is something else of the same shape (an EAN barcode is not a card number): the match is dropped.</summary>
    public virtual IReadOnlyList<string> ExclusionWords => [];

    /// <summary>Whether the recognizer looks at a value in the field named <paramref name="fieldName"/> (null: free text).</summary>
    public virtual bool AppliesTo(string? fieldName) => true;

    public abstract IEnumerable<Candidate> Find(string text);
}

/// <summary>
/// A recognizer that is a regular expression plus a check of each matched value: <see cref="Check"/> returns null when
/// the entity has no checksum, false to drop the match (a failed checksum is not a finding), true when it passed.
/// </summary>
public abstract class PatternRecognizer : Recognizer
{
    /// <summary>The expression that finds candidates; <c>./hub bench classification</c> hands the same ones to ripgrep.</summary>
    public abstract Regex Pattern { get; }

    protected abstract double BaseConfidence { get; }

    protected abstract bool? Check(string value);

    /// <summary>A cheap test that rules a text out before the expression runs: most values of a record hold no personal data.</summary>
    protected virtual bool MayContain(string text) => true;

    public override IEnumerable<Candidate> Find(string text)
    {
        if (!MayContain(text))
        {
            yield break;
        }
        foreach (Match match in Pattern.Matches(text))
        {
            if (Check(match.Value) is not { } passed)
            {
                yield return new Candidate(match.Index, match.Length, BaseConfidence, ValidatorOutcome.NotApplicable);
            }
            else if (passed)
            {
                yield return new Candidate(match.Index, match.Length, BaseConfidence, ValidatorOutcome.Passed);
            }
        }
    }

    /// <summary>The decimal digits of <paramref name="value"/>, separators dropped.</summary>
    protected static string Digits(string value) => string.Concat(value.Where(char.IsAsciiDigit));
}
