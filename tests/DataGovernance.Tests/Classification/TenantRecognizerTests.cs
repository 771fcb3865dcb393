using System.Diagnostics;
using DataGovernance.Classification;
using DataGovernance.Outcomes;
using Xunit;

namespace DataGovernance.Tests.Classification;

/// <summary>Tenant-defined recognizers in the engine: validators, context, categories, and patterns that run out of time.</summary>
public sealed class TenantRecognizerTests
{
    private static Classifier With(params TenantRecognizer[] recognizers) => new([.. recognizers.Select(definition => new CustomRecognizer(definition))]);

    private static TenantRecognizer Recognizer(string pattern, RecognizerValidator validator = RecognizerValidator.None, PiiCategory category = PiiCategory.Other,
        int timeoutMilliseconds = 100, params string[] context) =>
        new("Employee id", pattern, timeoutMilliseconds, validator, context, category);

    [Fact]
    public void TenantRecognizer_IsReportedUnderItsName_WithItsCategory()
    {
        var classifier = With(Recognizer(@"\bEMP-\d{6}\b", category: PiiCategory.Health));

        var match = Assert.Single(classifier.Classify("Sick note for EMP-004211 filed").Matches);

        Assert.Equal("Employee id", match.Entity);
        Assert.Equal(14, match.Start);
        Assert.Equal(10, match.Length);
        Assert.Equal(PiiCategory.Health, match.Category);
        Assert.True(match.SpecialCategory);
        Assert.Equal(ValidatorOutcome.NotApplicable, match.Validator);
    }

    [Fact]
    public void LuhnValidator_DropsMatchesThatFailIt()
    {
        var classifier = With(Recognizer(@"\bM\d{8}\b", RecognizerValidator.Luhn));

        var match = Assert.Single(classifier.Classify("M79927398 and M79927397").Matches);

        Assert.Equal(0, match.Start);
        Assert.Equal(ValidatorOutcome.Passed, match.Validator);
    }

    [Fact]
    public void Mod97Validator_AcceptsIbanLikeReferences() =>
        Assert.Single(With(Recognizer(@"\bGB\d{2}[A-Z]{4}\d{14}\b", RecognizerValidator.Mod97)).Classify("GB29NWBK60161331926819 GB28NWBK60161331926819").Matches,
            match => match.Entity == "Employee id");

    [Fact]
    public void ContextWords_RaiseConfidence()
    {
        var classifier = With(Recognizer(@"\bEMP-\d{6}\b", context: "personnel"));

        var plain = Assert.Single(classifier.Classify("Row EMP-004211").Matches);
        var inContext = Assert.Single(classifier.Classify("Personnel file EMP-004211").Matches);

        Assert.Equal(plain.Confidence + Classifier.ContextBoost, inContext.Confidence, 3);
    }

    [Fact]
    public void CatastrophicPattern_MatchesNothing_WithinItsTimeout_AndIsReported()
    {
        var classifier = With(Recognizer("^(a+)+$", timeoutMilliseconds: 50));
        var text = new string('a', 40) + "!";

        var clock = Stopwatch.StartNew();
        var found = classifier.Classify(text);
        clock.Stop();

        Assert.DoesNotContain(found.Matches, match => match.Entity == "Employee id");
        Assert.Equal(new RecognizerTimeout("Employee id", null), Assert.Single(found.Timeouts));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"Took {clock.Elapsed}.");
    }

    [Fact]
    public void Timeout_InARecord_NamesTheField_AndOtherFieldsAreStillClassified()
    {
        var classifier = With(Recognizer("^(a+)+$", timeoutMilliseconds: 50));
        var record = System.Text.Json.JsonDocument.Parse($$"""{"notes":"{{new string('a', 40)}}!","email":"ada@example.com"}""").RootElement;

        var found = classifier.Classify(record);

        Assert.Equal("notes", Assert.Single(found.Timeouts).FieldPath);
        Assert.Single(found.Matches, match => match.Entity == EntityTypes.Email);
    }

    [Fact]
    public void Validation_RejectsBadPatterns_Timeouts_Validators_AndDuplicateNames()
    {
        var result = TenantRecognizerValidator.Validate(new TenantRecognizersRequest(
        [
            new("Badge", "(unclosed", null, null, null, null),
            new("badge", "x*", 5000, "crc32", null, "Astrology"),
            new("Email", @"\d+", null, null, null, null),
            new("Ok", @"\bOK-\d+\b", 10, "luhn", ["ok", ""], "Health"),
        ]));

        Assert.False(result.Succeeded);
        var errors = result.Failure.Errors!;
        Assert.Contains("recognizers[0].pattern", errors.Keys);
        Assert.Contains("recognizers[1].pattern", errors.Keys);
        Assert.Contains("recognizers[1].timeoutMilliseconds", errors.Keys);
        Assert.Contains("recognizers[1].validator", errors.Keys);
        Assert.Contains("recognizers[1].category", errors.Keys);
        Assert.Contains("recognizers[2].name", errors.Keys);
        Assert.Contains("recognizers[3].contextWords[1]", errors.Keys);
        Assert.DoesNotContain("recognizers[3].pattern", errors.Keys);
    }

    [Fact]
    public void Validation_AcceptsAtMostFiftyRecognizers_WithUniqueNames()
    {
        TenantRecognizerRequest Numbered(int i) => new($"R{i}", $@"\bR{i}-\d+\b", null, null, null, null);

        Assert.True(TenantRecognizerValidator.Validate(new([.. Enumerable.Range(0, TenantRecognizers.MaxRecognizers).Select(Numbered)])).Succeeded);
        var tooMany = TenantRecognizerValidator.Validate(new([.. Enumerable.Range(0, TenantRecognizers.MaxRecognizers + 1).Select(Numbered)]));
        Assert.Equal(["recognizers"], tooMany.Failure!.Errors!.Keys);
        var duplicate = TenantRecognizerValidator.Validate(new([Numbered(1), Numbered(2) with { Name = "r1" }]));
        Assert.Equal(["recognizers[1].name"], duplicate.Failure!.Errors!.Keys);
        Assert.Equal(FailureKind.Validation, duplicate.Failure.Kind);
    }
}
