using System.Text.Json;
using DataGovernance.Classification;
using Xunit;

namespace DataGovernance.Tests.Classification;

/// <summary>Classifying a JSON record: field paths, field names as context, names only in person-like fields.</summary>
public sealed class RecordClassificationTests
{
    private static ClassificationResult Classify(string json) => Classifier.Default.Classify(JsonDocument.Parse(json).RootElement);

    [Fact]
    public void Record_MatchesCarryTheFieldPath_AndPositionWithinTheValue()
    {
        var found = Classify("""{"contacts":[{"email":"x","note":"mail ada@example.com"}],"iban":"DE89370400440532013000"}""");

        var email = Assert.Single(found.Matches, match => match.Entity == EntityTypes.Email);
        Assert.Equal("contacts[0].note", email.FieldPath);
        Assert.Equal(5, email.Start);
        Assert.Equal("iban", Assert.Single(found.Matches, match => match.Entity == EntityTypes.Iban).FieldPath);
    }

    [Fact]
    public void FieldName_IsContext()
    {
        var inBsnField = Assert.Single(Classify("""{"bsn":"111222333"}""").Matches);
        var inOtherField = Assert.Single(Classify("""{"reference":"111222333"}""").Matches);

        Assert.True(inBsnField.Confidence > inOtherField.Confidence);
        Assert.Single(Classify("""{"dateOfBirth":"1984-03-12"}""").Matches, match => match.Entity == EntityTypes.DateOfBirth);
        Assert.Empty(Classify("""{"dueDate":"1984-03-12"}""").Matches);
    }

    [Fact]
    public void NumbersInRecords_AreClassifiedToo() =>
        Assert.Single(Classify("""{"pesel":44051401359}""").Matches, match => match.Entity == EntityTypes.PlPesel);

    [Theory]
    [InlineData("owner", "Ada Lovelace")]
    [InlineData("firstName", "Siobhán")]
    [InlineData("full_name", "Ludwig van Beethoven")]
    [InlineData("contact", "Jean-Luc Picard")]
    public void PersonName_InAPersonField_IsFound(string field, string value)
    {
        var match = Assert.Single(Classify(JsonSerializer.Serialize(new Dictionary<string, string> { [field] = value })).Matches);
        Assert.Equal(EntityTypes.PersonName, match.Entity);
        Assert.Equal(PiiCategory.Name, match.Category);
        Assert.Equal(field, match.FieldPath);
    }

    [Theory]
    [InlineData("owner", "owner-1")]
    [InlineData("title", "Quarterly Access Review")]
    [InlineData("name", "ACME 2024 Ltd")]
    public void PersonName_ElsewhereOrNotNameShaped_IsNotFound(string field, string value) =>
        Assert.Empty(Classify(JsonSerializer.Serialize(new Dictionary<string, string> { [field] = value })).Matches);

    [Fact]
    public void PersonName_InFreeText_IsNotGuessed() => Assert.Empty(Classifier.Default.Classify("Ada Lovelace").Matches);
}
