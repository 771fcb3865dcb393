using DataGovernance.Reports;
using Xunit;

namespace DataGovernance.Tests.Reports;

/// <summary>The embedded catalogues: complete identifier ranges, unique keys, short titles of our own.</summary>
public sealed class FrameworkCatalogueTests
{
    [Fact]
    public void Iso27001_HasTheNinetyThreeAnnexAControls_InOrder()
    {
        var catalogue = FrameworkCatalogue.Find("iso27001")!;
        string[] expected =
        [
            .. Enumerable.Range(1, 37).Select(n => $"A.5.{n}"), .. Enumerable.Range(1, 8).Select(n => $"A.6.{n}"),
            .. Enumerable.Range(1, 14).Select(n => $"A.7.{n}"), .. Enumerable.Range(1, 34).Select(n => $"A.8.{n}"),
        ];
        Assert.Equal(expected, catalogue.Entries.Select(entry => entry.Reference));
        Assert.Equal(["Organizational", "People", "Physical", "Technological"], catalogue.Entries.Select(entry => entry.Group).Distinct());
    }

    [Fact]
    public void Soc2_CoversEveryCriteriaSeries()
    {
        var references = FrameworkCatalogue.Find("soc2")!.Entries.Select(entry => entry.Reference).ToList();
        Assert.Equal(61, references.Count);
        Assert.Equal(("CC1.1", "P8.1"), (references[0], references[^1]));
        Assert.Equal(33, references.Count(reference => reference.StartsWith("CC", StringComparison.Ordinal)));
        Assert.Equal((3, 2, 5, 18), (Count("A1."), Count("C1."), Count("PI1."), references.Count(r => r.StartsWith('P') && !r.StartsWith("PI", StringComparison.Ordinal))));

        int Count(string prefix) => references.Count(reference => reference.StartsWith(prefix, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("soc2")]
    [InlineData("iso27001")]
    [InlineData("gdpr")]
    public void EveryCatalogue_HasUniqueKeys_AndShortTitles(string framework)
    {
        var catalogue = FrameworkCatalogue.Find(framework)!;
        Assert.Equal(framework, catalogue.Framework);
        var keys = catalogue.Entries.Select(entry => FrameworkCatalogue.Key(framework, entry.Reference)).ToList();
        Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count());
        Assert.All(catalogue.Entries, entry => Assert.InRange(entry.Title.Length, 3, 60));
    }

    [Theory]
    [InlineData("gdpr", "Art. 32", "32")]
    [InlineData("gdpr", "Article 32(1)(b)", "32")]
    [InlineData("gdpr", "art.5", "5")]
    [InlineData("iso27001", "a.5.15", "5.15")]
    [InlineData("iso27001", "5.15", "5.15")]
    [InlineData("soc2", " cc6.1 ", "CC6.1")]
    public void References_AreMatchedIgnoringCaseSpacesAndPrefixes(string framework, string reference, string key) =>
        Assert.Equal(key, FrameworkCatalogue.Key(framework, reference));
}
