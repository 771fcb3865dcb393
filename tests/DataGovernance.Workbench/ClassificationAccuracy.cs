using System.Globalization;
using System.Text;
using System.Text.Json;
using DataGovernance.Classification;

namespace DataGovernance.Workbench;

/// <summary>How well one entity type was found in the evaluation set.</summary>
public sealed record EntityScore(string Entity, int Expected, int TruePositives, int FalsePositives, int FalseNegatives)
{
    public double Precision => TruePositives + FalsePositives == 0 ? 1 : (double)TruePositives / (TruePositives + FalsePositives);

    public double Recall => TruePositives + FalseNegatives == 0 ? 1 : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>F-beta with beta 2: recall weighs four times as much as precision, as a missed identifier costs more than a false alarm.</summary>
    public double F2 => Precision + Recall == 0 ? 0 : 5 * Precision * Recall / (4 * Precision + Recall);
}

/// <summary>
/// Scores the classifier against the labelled samples in <c>tests/DataGovernance.Tests/Classification/evaluation</c>:
/// a found match counts as a true positive when a labelled entity of the same type overlaps it (same field path for
/// records); every other match is a false positive and every labelled entity not found a false negative.
/// </summary>
public static class ClassificationAccuracy
{
    public static string DefaultFolder => Path.Combine(RepositoryRoot(), "tests", "DataGovernance.Tests", "Classification", "evaluation");

    public static IReadOnlyList<EntityScore> Evaluate(Classifier classifier, string folder)
    {
        var tallies = new SortedDictionary<string, int[]>(StringComparer.Ordinal);
        int[] Tally(string entity) => tallies.TryGetValue(entity, out var tally) ? tally : tallies[entity] = new int[4];
        foreach (var sample in Samples(folder))
        {
            var found = sample.Text is { } text ? classifier.Classify(text) : classifier.Classify(sample.Record!.Value);
            var unmatched = found.Matches.ToList();
            foreach (var expected in sample.Entities)
            {
                Tally(expected.Type)[0]++;
                var start = Locate(sample, expected);
                if (start < 0)
                {
                    throw new InvalidDataException($"A labelled {expected.Type} '{expected.Value}' is not in its sample ({sample.About}, {sample.Case}).");
                }
                var hit = unmatched.FirstOrDefault(match => match.Entity == expected.Type && match.FieldPath == expected.Path
                    && match.Start < start + expected.Value.Length && start < match.Start + match.Length);
                if (hit is null)
                {
                    Tally(expected.Type)[3]++;
                    continue;
                }
                unmatched.Remove(hit);
                Tally(expected.Type)[1]++;
            }
            foreach (var extra in unmatched)
            {
                Tally(extra.Entity)[2]++;
            }
        }
        return [.. tallies.Select(pair => new EntityScore(pair.Key, pair.Value[0], pair.Value[1], pair.Value[2], pair.Value[3]))];
    }

    public static string MarkdownTable(IReadOnlyList<EntityScore> scores)
    {
        var table = new StringBuilder();
        table.AppendLine("| entity | labelled | TP | FP | FN | precision | recall | F2 |");
        table.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var score in scores)
        {
            var checksum = EntityTypes.ChecksumValidated.Contains(score.Entity) ? " (checksum)" : "";
            table.AppendLine(CultureInfo.InvariantCulture, $"| {score.Entity}{checksum} | {score.Expected} | {score.TruePositives} | {score.FalsePositives} | {score.FalseNegatives} | {score.Precision:F3} | {score.Recall:F3} | {score.F2:F3} |");
        }
        return table.ToString();
    }

    /// <summary>Where the labelled value starts in the text, or in its field's value; −1 when it is not there.</summary>
    private static int Locate(Sample sample, LabelledEntity expected)
    {
        var source = sample.Text ?? (expected.Path is { } path && sample.Record is { } record
            ? RecordFields.Walk(record).FirstOrDefault(field => field.Path == path).Value ?? ""
            : "");
        return source.IndexOf(expected.Value, StringComparison.Ordinal);
    }

    private static IEnumerable<Sample> Samples(string folder)
    {
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        foreach (var file in Directory.EnumerateFiles(folder, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file).Where(line => line.Length > 0))
            {
                yield return JsonSerializer.Deserialize<Sample>(line, json) ?? throw new InvalidDataException($"{file}: empty sample.");
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DataGovernance.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("DataGovernance.sln not found above " + AppContext.BaseDirectory);
    }

    private sealed record Sample(string About, string Case, string? Text, JsonElement? Record, IReadOnlyList<LabelledEntity> Entities);

    private sealed record LabelledEntity(string Type, string Value, string? Path);
}
