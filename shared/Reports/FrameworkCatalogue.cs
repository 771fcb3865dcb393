using System.Text.Json;
using System.Text.RegularExpressions;

namespace DataGovernance.Reports;

/// <summary>One criterion, control or article of a framework: its identifier, a short title of our own and its group.</summary>
public sealed record CatalogueEntry(string Reference, string Title, string Group);

/// <summary>
/// A framework as the reports know it: identifiers and short titles only (never the standard's text), kept as data in
/// <c>Reports/Catalogues/{framework}.json</c> and embedded in the assembly.
/// </summary>
public sealed partial record FrameworkCatalogue(string Framework, string Name, string Version, IReadOnlyList<CatalogueEntry> Entries)
{
    public static IReadOnlyList<string> Known { get; } = ["soc2", "iso27001", "gdpr"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Lazy<IReadOnlyDictionary<string, FrameworkCatalogue>> All = new(Load);

    public static IReadOnlyList<FrameworkCatalogue> List() => [.. Known.Select(framework => All.Value[framework])];

    public static FrameworkCatalogue? Find(string framework) => All.Value.GetValueOrDefault(framework);

    /// <summary>
    /// The key a requirement's reference is matched on: case and spaces ignored; ISO's leading <c>A.</c> optional; a GDPR
    /// article however it is written (<c>Art. 32</c>, <c>Article 32(1)(b)</c>, <c>32</c>) keyed by its number.
    /// </summary>
    public static string Key(string framework, string reference)
    {
        var compact = Whitespace().Replace(reference, "").ToUpperInvariant();
        return framework switch
        {
            "iso27001" when compact.StartsWith("A.", StringComparison.Ordinal) => compact[2..],
            "gdpr" => GdprArticle().Match(compact) is { Success: true } match ? match.Groups[1].Value : compact,
            _ => compact,
        };
    }

    private static Dictionary<string, FrameworkCatalogue> Load()
    {
        var assembly = typeof(FrameworkCatalogue).Assembly;
        var catalogues = new Dictionary<string, FrameworkCatalogue>(StringComparer.Ordinal);
        foreach (var framework in Known)
        {
            using var stream = assembly.GetManifestResourceStream($"DataGovernance.Reports.Catalogues.{framework}.json")
                ?? throw new InvalidOperationException($"The {framework} catalogue is not embedded.");
            var catalogue = JsonSerializer.Deserialize<FrameworkCatalogue>(stream, Json)
                ?? throw new InvalidOperationException($"The {framework} catalogue is empty.");
            catalogues[framework] = catalogue;
        }
        return catalogues;
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(?:ARTICLE|ART\.?)?(\d+)")]
    private static partial Regex GdprArticle();
}
