using System.Net;
using DataGovernance.Imports;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>XLSX uploads read row by row: every kind of cell a spreadsheet stores lands in its column as the text the import cleanses.</summary>
public sealed class XlsxImportTests(HubFixture hub)
{
    [Fact]
    public async Task SharedAndInlineStrings_Formulas_Booleans_AndSparseRows_LandInTheirColumns()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        string[] strings = ["code", "title", "description", "status", "frequency", "automated", "requirementIds", "AC-1", "Implemented", "AC-2", "designed", "Monthly", "operating"];
        // Row 3's cells after the first have no reference (each follows the one before), row 4 is missing, row 6 is empty,
        // row 7 has a value in column H, which the header does not cover.
        var file = Workbooks.FromSheetXml("""
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c><c r="G1" t="s"><v>6</v></c></row>
            <row r="2"><c r="A2" t="s"><v>7</v></c><c r="B2" t="inlineStr"><is><t>Access reviews</t></is></c><c r="C2" t="str"><f>CONCAT("Quarterly ","review")</f><v>Quarterly review</v></c><c r="D2" t="s"><v>8</v></c><c r="F2" t="b"><v>1</v></c><c r="G2" t="inlineStr"><is><t>r-1;r-2</t></is></c></row>
            <row r="3"><c r="A3" t="s"><v>9</v></c><c t="inlineStr"><is><r><t xml:space="preserve">Rich </t></r><r><rPr><b/></rPr><t>text</t></r></is></c><c/><c t="s"><v>10</v></c><c t="s"><v>11</v></c><c t="b"><v>0</v></c></row>
            <row r="5"><c r="A5"><v>42</v></c><c r="B5" t="str"><f>"Answer"</f><v>Answer</v></c><c r="D5" t="s"><v>12</v></c><c r="F5" t="b"><f>TRUE()</f><v>1</v></c></row>
            <row r="6"><c r="C6" s="1"/></row>
            <row r="7"><c r="A7" t="inlineStr"><is><t>AC-7</t></is></c><c r="B7" t="inlineStr"><is><t>Stray</t></is></c><c r="D7" t="s"><v>12</v></c><c r="H7" t="inlineStr"><is><t>note</t></is></c></row>
            """, strings);

        var uploaded = await (await owner.UploadAsync(tenant, "controls", file, Xlsx, "controls.xlsx")).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal(strings[..7], uploaded.GetProperty("columns").EnumerateArray().Select(column => column.GetString()));
        var validated = await owner.ValidatedAsync(tenant, uploaded.Prop("id"));
        Assert.Equal((3, 1), (validated.Count("valid"), validated.Count("invalid")));
        Assert.Equal([(7L, (string?)null, "malformed-row")], validated.Errors());
        Assert.Equal("Committed", (await owner.RunAsync(tenant, uploaded.Prop("id"), body: new { skipInvalidRows = true })).Prop("status"));

        var controls = (await owner.RecordsAsync(tenant, "controls")).Select(record => record.GetProperty("data")).ToDictionary(data => data.Prop("code"));
        Assert.Equal(["42", "AC-1", "AC-2"], controls.Keys.Order(StringComparer.Ordinal));
        var first = controls["AC-1"];
        Assert.Equal(("Access reviews", "Quarterly review", "implemented", true), (first.Prop("title"), first.Prop("description"), first.Prop("status"), first.GetProperty("automated").GetBoolean()));
        Assert.Equal(["r-1", "r-2"], first.GetProperty("requirementIds").EnumerateArray().Select(id => id.GetString()));
        Assert.False(first.TryGetProperty("frequency", out _));
        var second = controls["AC-2"];
        Assert.Equal(("Rich text", "designed", "monthly", false), (second.Prop("title"), second.Prop("status"), second.Prop("frequency"), second.GetProperty("automated").GetBoolean()));
        Assert.False(second.TryGetProperty("description", out _));
        Assert.Equal(("Answer", "operating", true), (controls["42"].Prop("title"), controls["42"].Prop("status"), controls["42"].GetProperty("automated").GetBoolean()));
    }

    [Fact]
    public async Task DateCells_BuiltInCustomAndIso_ReadAsTheirDay_AndFormulasAsTheirResult()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        // 45414 is 2 May 2024; 45413.75 is 1 May 2024 at 18:00; style 1 is m/d/yyyy, style 2 dd/mm/yyyy.
        var file = Workbooks.FromSheetXml("""
            <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c></row>
            <row r="2"><c r="A2" t="s"><v>4</v></c><c r="B2" t="s"><v>5</v></c><c r="C2" s="1"><v>45414</v></c><c r="D2"><f>80+7</f><v>87</v></c></row>
            <row r="3"><c r="A3" t="s"><v>6</v></c><c r="B3" t="s"><v>5</v></c><c r="C3" s="2"><v>45413.75</v></c><c r="D3"><v>90</v></c></row>
            <row r="4"><c r="A4" t="s"><v>7</v></c><c r="B4" t="s"><v>5</v></c><c r="C4" t="d"><v>2024-04-30T09:30:00</v></c></row>
            <row r="5"><c r="A5" t="s"><v>8</v></c><c r="B5" t="s"><v>5</v></c><c r="C5" s="1"><f>DATE(2024,4,29)</f><v>45411</v></c></row>
            """, "title", "status", "performedOn", "score", "Built-in", "passed", "Custom", "Iso", "Formula");

        var id = (await (await owner.UploadAsync(tenant, "assessments", file, Xlsx, "assessments.xlsx")).ExpectAsync(HttpStatusCode.Created)).Prop("id");
        Assert.Equal(4, (await owner.ValidatedAsync(tenant, id)).Count("valid"));
        Assert.Equal("Committed", (await owner.RunAsync(tenant, id)).Prop("status"));

        var assessments = (await owner.RecordsAsync(tenant, "assessments")).Select(record => record.GetProperty("data")).ToDictionary(data => data.Prop("title"));
        Assert.Equal("2024-05-02", assessments["Built-in"].Prop("performedOn"));
        Assert.Equal("2024-05-01", assessments["Custom"].Prop("performedOn"));
        Assert.Equal("2024-04-30", assessments["Iso"].Prop("performedOn"));
        Assert.Equal("2024-04-29", assessments["Formula"].Prop("performedOn"));
        Assert.Equal((87, 90), (assessments["Built-in"].GetProperty("score").GetInt32(), assessments["Custom"].GetProperty("score").GetInt32()));
    }

    [Fact]
    public async Task ReadingStops_AtTheFirstRowPastTheLimit_WithoutReadingTheRest()
    {
        var rows = string.Concat(Enumerable.Range(2, 10).Select(row => $"""<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>Policy {row}</t></is></c></row>"""));
        // Reading the whole sheet would meet the unknown shared string of row 20 and report a malformed workbook instead.
        var file = Workbooks.FromSheetXml($"""<row r="1"><c r="A1" t="s"><v>0</v></c></row>{rows}<row r="20"><c r="A20" t="s"><v>99</v></c></row>""", "title");
        var limits = new ImportLimits(MaxRows: 9, MaxCellCharacters: 100, MaxColumns: 5, MaxXlsxEntries: 100, MaxXlsxUncompressedBytes: 1 << 20, MaxXlsxCompressionRatio: 100);

        await using var reader = new XlsxImportReader(new MemoryStream(file), limits);
        var read = new List<long>();
        var stopped = await Assert.ThrowsAsync<ImportFileException>(async () =>
        {
            await foreach (var row in reader.ReadRowsAsync(Ct))
            {
                read.Add(row.Number);
            }
        });

        Assert.Equal("import-too-many-rows", stopped.Failure.Code);
        Assert.Equal(Enumerable.Range(2, 9).Select(row => (long)row), read);
        await using var whole = new XlsxImportReader(new MemoryStream(file), limits with { MaxRows = 100 });
        var malformed = await Assert.ThrowsAsync<ImportFileException>(async () =>
        {
            await foreach (var _ in whole.ReadRowsAsync(Ct))
            {
            }
        });
        Assert.Equal("import-malformed-xlsx", malformed.Failure.Code);
    }

    [Fact]
    public async Task AWorksheetDeclaringADtd_IsRefusedAsMalformed_WithoutExpandingItsEntities()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var file = Workbooks.FromWorksheetXml("""
            <?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
            <row r="1"><c r="A1" t="inlineStr"><is><t>title</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is><t>&secret;</t></is></c></row>
            </sheetData></worksheet>
            """);

        await (await owner.UploadAsync(tenant, "policies", file, Xlsx, "policies.xlsx")).ExpectAsync(HttpStatusCode.BadRequest, "import-malformed-xlsx");
        Assert.Empty(await owner.ReadAllPagesAsync(ImportsUrl(tenant), Ct));
    }

    [Fact]
    public async Task AHeaderWiderThanTheColumnLimit_AndAHugeCell_AreRefused()
    {
        var limits = new ImportLimits(MaxRows: 10, MaxCellCharacters: 100, MaxColumns: 3, MaxXlsxEntries: 100, MaxXlsxUncompressedBytes: 1 << 20, MaxXlsxCompressionRatio: 100);
        var wide = Workbooks.FromSheetXml("""<row r="1"><c r="A1" t="s"><v>0</v></c><c r="D1" t="s"><v>0</v></c></row>""", "title");
        await using var wideReader = new XlsxImportReader(new MemoryStream(wide), limits);
        Assert.Equal("import-too-many-columns", (await Assert.ThrowsAsync<ImportFileException>(() => wideReader.ReadColumnsAsync(Ct))).Failure.Code);

        var huge = Workbooks.FromSheetXml("""<row r="1"><c r="B1" t="s"><v>0</v></c></row><row r="2"><c r="B2" t="s"><v>1</v></c></row>""", "title", new string('x', 5_000));
        await using var hugeReader = new XlsxImportReader(new MemoryStream(huge), limits);
        Assert.Equal(["title"], await hugeReader.ReadColumnsAsync(Ct));
        var refused = await Assert.ThrowsAsync<ImportFileException>(async () =>
        {
            await foreach (var _ in hugeReader.ReadRowsAsync(Ct))
            {
            }
        });
        Assert.Equal("import-cell-too-large", refused.Failure.Code);
        Assert.Contains("Row 2", refused.Failure.Detail, StringComparison.Ordinal);
    }
}
