using System.Text.Json;
using DataGovernance.Imports;
using DataGovernance.Records;
using Xunit;

namespace DataGovernance.Tests.Imports;

/// <summary>Each cleansing rule of an import row, on the collection schemas themselves.</summary>
public sealed class ImportCleansingTests
{
    private static ImportCleansing For(string collection, bool dayFirst = true, string region = "DE", Dictionary<string, IReadOnlyDictionary<string, string>>? valueMaps = null)
    {
        var schema = Collections.Find(collection)!;
        var mapping = schema.Fields.Where(ColumnMapping.IsMappable).ToDictionary(field => field.Name, field => field.Name);
        return new ImportCleansing(schema, new ImportSettings(mapping, valueMaps ?? [], null, region, dayFirst, null));
    }

    private static CleansedRow Row(ImportCleansing cleansing, params (string Column, string? Value)[] cells) =>
        cleansing.Cleanse(new ImportRow(2, cells.ToDictionary(cell => cell.Column, cell => cell.Value)));

    private static JsonElement Valid(CleansedRow row)
    {
        Assert.True(row.Errors.Count == 0, string.Join("; ", row.Errors.Select(error => $"{error.Column}: {error.Code} {error.Message}")));
        return row.Document!.Value;
    }

    [Theory]
    [InlineData("2024-03-31", true)]
    [InlineData("2024/03/31", true)]
    [InlineData("20240331", true)]
    [InlineData("31.03.2024", true)]
    [InlineData("31/03/2024", true)]
    [InlineData("03/31/2024", false)]
    [InlineData("31 Mar 2024", true)]
    [InlineData("March 31, 2024", false)]
    [InlineData("31-Mar-2024", true)]
    [InlineData("2024-03-31T22:15:00Z", true)]
    public void Dates_BecomeIsoDates(string written, bool dayFirst)
    {
        var document = Valid(Row(For("people", dayFirst), ("fullName", "A"), ("email", "a@example.com"), ("status", "active"), ("startDate", written)));
        Assert.Equal("2024-03-31", document.GetProperty("startDate").GetString());
    }

    [Theory]
    [InlineData("31/13/2024")]
    [InlineData("next tuesday")]
    [InlineData("2024-02-30")]
    public void Dates_ThatAreNoDates_AreRowErrors(string written)
    {
        var row = Row(For("people"), ("fullName", "A"), ("email", "a@example.com"), ("status", "active"), ("startDate", written));
        Assert.Equal(("startDate", "invalid-date"), (row.Errors.Single().Column, row.Errors.Single().Code));
    }

    [Fact]
    public void Emails_AreLowerCased_AndTextTrimmed()
    {
        var document = Valid(Row(For("people"), ("fullName", "  Ada  "), ("email", " Ada.Lovelace@Example.COM "), ("status", "active")));
        Assert.Equal(("Ada", "ada.lovelace@example.com"), (document.GetProperty("fullName").GetString(), document.GetProperty("email").GetString()));
    }

    [Theory]
    [InlineData("030 1234567", "DE", "+49301234567")]
    [InlineData("(202) 555-0143", "US", "+12025550143")]
    [InlineData("+44 20 7946 0958", "DE", "+442079460958")]
    [InlineData("0049 30 1234567", "DE", "+49301234567")]
    public void Phones_BecomeE164_InTheDefaultRegion(string written, string region, string expected)
    {
        var document = Valid(Row(For("people", region: region), ("fullName", "A"), ("email", "a@example.com"), ("status", "active"), ("phone", written)));
        Assert.Equal(expected, document.GetProperty("phone").GetString());
    }

    [Fact]
    public void Phones_ThatAreNoNumbers_AreRowErrors()
    {
        var row = Row(For("people"), ("fullName", "A"), ("email", "a@example.com"), ("status", "active"), ("phone", "call me maybe"));
        Assert.Equal("invalid-phone", row.Errors.Single().Code);
    }

    [Theory]
    [InlineData("Implemented", "implemented")]
    [InlineData("IN PROGRESS", "in-progress")]
    [InlineData("not_started", "not-started")]
    [InlineData("Done", "implemented")]
    [InlineData("N/A", "not-applicable")]
    public void Enums_MatchIgnoringCase_AndThroughTheValueMap(string written, string expected)
    {
        var maps = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["status"] = new Dictionary<string, string> { ["done"] = "implemented", ["N/A"] = "not-applicable" },
        };
        var document = Valid(Row(For("requirements", valueMaps: maps), ("framework", "SOC2"), ("reference", "CC6.1"), ("title", "Access"), ("status", written)));
        Assert.Equal((expected, "soc2"), (document.GetProperty("status").GetString(), document.GetProperty("framework").GetString()));
    }

    [Fact]
    public void UnknownEnumValues_AreRowErrors_NamingTheColumn()
    {
        var row = Row(For("requirements"), ("framework", "soc2"), ("reference", "CC6.1"), ("title", "Access"), ("status", "Finished"));
        Assert.Equal(("status", "unknown-value"), (row.Errors.Single().Column, row.Errors.Single().Code));
    }

    [Fact]
    public void Lists_Numbers_Booleans_AndCountries_AreConverted()
    {
        var controls = Valid(Row(For("controls"), ("code", "AC-1"), ("title", "Review"), ("status", "Operating"), ("automated", "Yes"), ("requirementIds", "r1; r2 | r3")));
        Assert.Equal((true, 3), (controls.GetProperty("automated").GetBoolean(), controls.GetProperty("requirementIds").GetArrayLength()));
        var vendor = Valid(Row(For("vendors"), ("name", "Acme"), ("country", "fr"), ("status", "active"), ("dataCategories", "Contact; Financial")));
        Assert.Equal(("FR", "financial"), (vendor.GetProperty("country").GetString(), vendor.GetProperty("dataCategories")[1].GetString()));
        var risk = Valid(Row(For("risks"), ("title", "Fire"), ("status", "identified"), ("likelihood", "3.0"), ("impact", "4")));
        Assert.Equal(3, risk.GetProperty("likelihood").GetInt32());
        Assert.Equal("invalid-number", Row(For("risks"), ("title", "Fire"), ("status", "identified"), ("likelihood", "3.5"), ("impact", "4")).Errors.Single().Code);
        Assert.Equal("invalid-boolean", Row(For("controls"), ("code", "A"), ("title", "T"), ("status", "draft"), ("automated", "maybe")).Errors.Single().Code);
    }

    [Fact]
    public void TheRecordSchemaCheck_RunsAfterCleansing()
    {
        var missing = Row(For("risks"), ("title", "Fire"), ("status", "identified"), ("likelihood", "3"));
        Assert.Equal(("impact", "required"), (missing.Errors.Single().Column, missing.Errors.Single().Code));
        var outOfRange = Row(For("risks"), ("title", "Fire"), ("status", "identified"), ("likelihood", "9"), ("impact", "1"));
        Assert.Equal(("likelihood", "invalid-value"), (outOfRange.Errors.Single().Column, outOfRange.Errors.Single().Code));
        var email = Row(For("people"), ("fullName", "A"), ("email", "not-an-address"), ("status", "active"));
        Assert.Equal(("email", "invalid-value"), (email.Errors.Single().Column, email.Errors.Single().Code));
    }

    [Fact]
    public void ColumnMapping_IsSuggested_FromNormalisedNamesAndSynonyms()
    {
        var suggested = ColumnMapping.Suggest(Collections.Find("people")!, ["Name", "E-mail Address", "Mobile", "DOB", "dept", "Job Title", "Unrelated"]);
        Assert.Equal(new Dictionary<string, string>
        {
            ["Name"] = "fullName", ["E-mail Address"] = "email", ["Mobile"] = "phone", ["DOB"] = "dateOfBirth", ["dept"] = "department", ["Job Title"] = "jobTitle",
        }, suggested);
    }
}
