using DataGovernance.Classification;

namespace DataGovernance.Workbench;

/// <summary>
/// <c>./hub bench classification --accuracy</c>: precision, recall and F2 of the built-in recognizers per entity type
/// over the labelled evaluation set, as a markdown table; without <c>--accuracy</c>, the throughput next to ripgrep
/// (<see cref="ClassificationThroughput"/>). Needs no storage.
/// </summary>
public static class ClassificationBenchmark
{
    public static int Run(IReadOnlyList<string> options)
    {
        if (options.Count == 0 || options[0] != "--accuracy")
        {
            return ClassificationThroughput.Run(options);
        }
        var folder = options is [_, "--set", var path] ? path : ClassificationAccuracy.DefaultFolder;
        Console.WriteLine($"bench classification: accuracy of the built-in recognizers on {Path.GetFullPath(folder)}");
        Console.WriteLine();
        Console.Write(ClassificationAccuracy.MarkdownTable(ClassificationAccuracy.Evaluate(Classifier.Default, folder)));
        return 0;
    }
}
