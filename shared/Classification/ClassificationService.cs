using System.Text.Json;
using DataGovernance.Outcomes;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Classification;

/// <summary>The body of <c>POST …/classification/scan</c>: a text or a JSON record (an object), not both.</summary>
public sealed record ScanRequest(string? Text, JsonElement? Record);

/// <summary>A match as the API shows it: the value masked, never in full.</summary>
public sealed record ScannedMatch(
    string Entity, string Recognizer, PiiCategory Category, bool SpecialCategory, double Confidence, int Start, int Length, string? FieldPath,
    ValidatorOutcome Validator, string MaskedValue);

public sealed record ScanResult(IReadOnlyList<ScannedMatch> Matches, IReadOnlyList<RecognizerTimeout> Timeouts);

/// <summary>Classifies samples with the built-in recognizers and the tenant's own.</summary>
public sealed class ClassificationService(TenantRecognizerService recognizers, ILogger<ClassificationService> logger)
{
    public const int MaxTextLength = 100_000;

    public async Task<Result<ScanResult>> ScanAsync(string tenantId, ScanRequest request, CancellationToken cancellationToken)
    {
        var scanned = await ClassifyAsync(tenantId, request, cancellationToken);
        if (scanned.Succeeded)
        {
            foreach (var recognizer in scanned.Value.Timeouts.Select(timeout => timeout.Recognizer).Distinct())
            {
                logger.RecognizerTimedOut(tenantId, recognizer);
            }
        }
        return scanned;
    }

    private async Task<Result<ScanResult>> ClassifyAsync(string tenantId, ScanRequest request, CancellationToken cancellationToken)
    {
        var hasRecord = request.Record is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) };
        if ((request.Text is null) == !hasRecord)
        {
            return Failure.Validation(FieldErrors.Of("text", "Give either a text or a record, not both."));
        }
        if (hasRecord && request.Record!.Value.ValueKind != JsonValueKind.Object)
        {
            return Failure.Validation(FieldErrors.Of("record", "Must be a JSON object."));
        }
        var sample = request.Text ?? request.Record!.Value.GetRawText();
        if (sample.Length > MaxTextLength)
        {
            return Failure.Validation(FieldErrors.Of(request.Text is null ? "record" : "text", $"At most {MaxTextLength} characters."));
        }
        var tenant = await recognizers.GetAsync(tenantId, cancellationToken);
        var classifier = new Classifier([.. tenant.Recognizers.Select(definition => new CustomRecognizer(definition))]);
        if (request.Text is { } text)
        {
            var found = classifier.Classify(text);
            return new ScanResult([.. found.Matches.Select(match => Shown(match, text))], found.Timeouts);
        }
        var matches = new List<ScannedMatch>();
        var timeouts = new List<RecognizerTimeout>();
        foreach (var (path, fieldName, value) in RecordFields.Walk(request.Record!.Value))
        {
            var found = classifier.Classify(value, path, fieldName);
            matches.AddRange(found.Matches.Select(match => Shown(match, value)));
            timeouts.AddRange(found.Timeouts);
        }
        return new ScanResult(matches, timeouts);
    }

    private static ScannedMatch Shown(ClassificationMatch match, string source) =>
        new(match.Entity, match.Recognizer, match.Category, match.SpecialCategory, match.Confidence, match.Start, match.Length, match.FieldPath,
            match.Validator, Masking.Mask(source.Substring(match.Start, match.Length)));
}

/// <summary>How a found value is shown: letters and digits starred, separators kept, at most the last two characters of a long value.</summary>
public static class Masking
{
    public static string Mask(string value)
    {
        var significant = value.Count(char.IsLetterOrDigit);
        var reveal = significant >= 8 ? 2 : 0;
        var chars = value.ToCharArray();
        var seen = 0;
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsLetterOrDigit(chars[i]) && ++seen <= significant - reveal)
            {
                chars[i] = '*';
            }
        }
        return new string(chars);
    }
}
