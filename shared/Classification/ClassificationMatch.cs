namespace DataGovernance.Classification;

/// <summary>How a match's check digits or number rules came out; a failed check is never reported.</summary>
public enum ValidatorOutcome
{
    /// <summary>The recognizer has no checksum: the shape (and context) alone found it.</summary>
    NotApplicable,
    Passed,
}

/// <summary>
/// One piece of personal data found: <see cref="Start"/> and <see cref="Length"/> are within the classified text, or
/// within the value at <see cref="FieldPath"/> when a record was classified. <see cref="Recognizer"/> is the built-in
/// entity name or the tenant recognizer's name.
/// </summary>
public sealed record ClassificationMatch(
    string Entity,
    string Recognizer,
    PiiCategory Category,
    bool SpecialCategory,
    double Confidence,
    int Start,
    int Length,
    string? FieldPath,
    ValidatorOutcome Validator);

/// <summary>A tenant recognizer whose pattern ran out of time on some text: it matched nothing there.</summary>
public sealed record RecognizerTimeout(string Recognizer, string? FieldPath);

public sealed record ClassificationResult(IReadOnlyList<ClassificationMatch> Matches, IReadOnlyList<RecognizerTimeout> Timeouts)
{
    public static ClassificationResult Empty { get; } = new([], []);
}
