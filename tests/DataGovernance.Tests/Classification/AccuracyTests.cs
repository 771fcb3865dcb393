using DataGovernance.Classification;
using DataGovernance.Workbench;
using Xunit;

namespace DataGovernance.Tests.Classification;

/// <summary>
/// The thresholds <c>./hub bench classification --accuracy</c> reports against, over the same labelled set: every
/// checksum-validated entity type at precision ≥ 0.98 and recall ≥ 0.95, with enough samples to mean something.
/// </summary>
public sealed class AccuracyTests
{
    private const double MinimumPrecision = 0.98;

    private const double MinimumRecall = 0.95;

    private const int MinimumPositives = 40;

    private static readonly IReadOnlyList<EntityScore> Scores = ClassificationAccuracy.Evaluate(Classifier.Default, ClassificationAccuracy.DefaultFolder);

    public static TheoryData<string> ChecksumValidated => [.. EntityTypes.ChecksumValidated];

    [Theory]
    [MemberData(nameof(ChecksumValidated))]
    public void ChecksumValidatedEntity_MeetsPrecisionAndRecallTargets(string entity)
    {
        var score = Assert.Single(Scores, score => score.Entity == entity);

        Assert.True(score.Expected >= MinimumPositives, $"{entity}: only {score.Expected} labelled positives.");
        Assert.True(score.Precision >= MinimumPrecision, $"{entity}: precision {score.Precision:F3} ({score.FalsePositives} false positives).");
        Assert.True(score.Recall >= MinimumRecall, $"{entity}: recall {score.Recall:F3} ({score.FalseNegatives} missed).");
    }

    [Fact]
    public void EvaluationSet_HasAtLeastAsManyNegativesAsPositives_PerChecksumEntity()
    {
        foreach (var entity in EntityTypes.ChecksumValidated)
        {
            var lines = File.ReadAllLines(Path.Combine(ClassificationAccuracy.DefaultFolder, entity + ".jsonl"));
            var negatives = lines.Count(line => line.Contains("\"entities\":[]", StringComparison.Ordinal));
            Assert.True(negatives >= MinimumPositives, $"{entity}: only {negatives} negatives.");
        }
    }
}
