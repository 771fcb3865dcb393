using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using DataGovernance.Classification;

namespace DataGovernance.Workbench;

/// <summary>
/// <c>./hub bench classification</c>: how many megabytes of generated, mixed tenant records (one JSON document per
/// line) the classifier gets through per second on one core, next to ripgrep searching the same file for the same
/// regular expressions (PCRE2, one thread) in the same run. Each side's best of <see cref="Rounds"/> counts.
/// </summary>
public static class ClassificationThroughput
{
    private const int Rounds = 3;

    /// <summary>
    /// ripgrep gets every built-in recognizer's expression. Phone numbers are found by libphonenumber, not by an expression,
    /// so ripgrep gets a plain shape for them; names are judged by their field name, which a line search has no notion of.
    /// </summary>
    private const string PhoneShape = @"\+?\d[\d ()./-]{5,18}\d";

    public static int Run(IReadOnlyList<string> options)
    {
        if (!TryParse(options, out var count, out var ripgrep))
        {
            Console.Error.WriteLine("usage: bench classification [--records n] [--ripgrep <path>] | --accuracy [--set <folder>]");
            return 2;
        }
        var folder = Directory.CreateTempSubdirectory("hub-classification-bench");
        try
        {
            var file = Path.Combine(folder.FullName, "records.ndjson");
            File.WriteAllLines(file, GeneratedTenant.Records(count).Select(record => record.Data.GetRawText()));
            var megabytes = new FileInfo(file).Length / 1_000_000.0;
            var lines = File.ReadAllLines(file);
            Console.WriteLine($"bench classification: {count:N0} generated records, {megabytes:N1} MB of JSON lines, best of {Rounds}");
            Console.WriteLine();

            ClassifyAll(lines.Take(2_000));
            var (hubSeconds, findings) = Best(() => ClassifyAll(lines));
            var (ripgrepSeconds, ripgrepMatches) = Best(() => Search(ripgrep, file));

            var hubRate = megabytes / hubSeconds;
            var ripgrepRate = megabytes / ripgrepSeconds;
            Console.WriteLine("| scanner | seconds | MB/s per core | matches |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine(Row("hub classifier (1 thread)", hubSeconds, hubRate, findings));
            Console.WriteLine(Row("ripgrep -P -j1, same expressions", ripgrepSeconds, ripgrepRate, ripgrepMatches));
            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"hub / ripgrep: {hubRate / ripgrepRate:0.00} (target >= 0.25)"));
            return 0;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The ripgrep arguments, one <c>-e</c> per expression; .NET's inline options carry over as PCRE2's.</summary>
    public static IReadOnlyList<string> RipgrepArguments(string file)
    {
        var arguments = new List<string> { "-P", "--no-config", "-j1", "--count-matches", "--no-filename" };
        foreach (var pattern in Classifier.BuiltIn.OfType<PatternRecognizer>().Select(recognizer => recognizer.Pattern))
        {
            arguments.Add("-e");
            arguments.Add(pattern.Options.HasFlag(System.Text.RegularExpressions.RegexOptions.IgnoreCase) ? $"(?i){pattern}" : pattern.ToString());
        }
        arguments.AddRange(["-e", PhoneShape, file]);
        return arguments;
    }

    private static long ClassifyAll(IEnumerable<string> lines)
    {
        long found = 0;
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            found += Classifier.Default.Classify(document.RootElement).Matches.Count;
        }
        return found;
    }

    private static long Search(string ripgrep, string file)
    {
        var start = new ProcessStartInfo(ripgrep) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in RipgrepArguments(file))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{ripgrep} did not start.");
        var output = process.StandardOutput.ReadToEnd();
        var errors = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode > 1)
        {
            throw new InvalidOperationException($"{ripgrep} failed ({process.ExitCode}): {errors}");
        }
        return output.Length == 0 ? 0 : long.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    private static (double Seconds, long Matches) Best(Func<long> run)
    {
        var best = double.MaxValue;
        long matches = 0;
        for (var round = 0; round < Rounds; round++)
        {
            var stopwatch = Stopwatch.StartNew();
            matches = run();
            best = Math.Min(best, stopwatch.Elapsed.TotalSeconds);
        }
        return (best, matches);
    }

    private static string Row(string scanner, double seconds, double rate, long matches) =>
        string.Create(CultureInfo.InvariantCulture, $"| {scanner} | {seconds:0.00} | {rate:0.0} | {matches:N0} |");

    private static bool TryParse(IReadOnlyList<string> options, out int count, out string ripgrep)
    {
        count = 100_000;
        ripgrep = "rg";
        for (var i = 0; i < options.Count; i += 2)
        {
            switch (options[i])
            {
                case "--records" when i + 1 < options.Count && int.TryParse(options[i + 1], out var parsed) && parsed > 0:
                    count = parsed;
                    break;
                case "--ripgrep" when i + 1 < options.Count:
                    ripgrep = options[i + 1];
                    break;
                default:
                    return false;
            }
        }
        return true;
    }
}
