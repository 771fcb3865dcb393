using System.Globalization;
using System.Text;
using System.Text.Json;
using ClosedXML.Excel;
using DataGovernance.Exports;
using DataGovernance.Imports;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Imports;
using DataGovernance.Tests.Infrastructure;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using Xunit;
using Record = DataGovernance.Records.Record;
using static DataGovernance.Tests.Exports.ExportApi;

namespace DataGovernance.Tests.Exports;

/// <summary>XLSX exports streamed row by row: any number of rows, valid workbooks that spreadsheets open, values kept as they were.</summary>
public sealed class XlsxExportTests(HubFixture hub)
{
    private const int Risks = 10_050;
    private static readonly string[] RiskFields = ["title", "likelihood", "impact", "description", "controlIds"];
    private static readonly string[] Header = ["id", "version", "createdAt", "updatedAt", .. RiskFields];

    [Fact]
    public async Task XlsxExport_OfMoreRecordsThanTheOldCap_HoldsEveryRecord_WithNumbersAsNumbersAndTextAsText()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await SeedRisksAsync(owner, tenant);

        var (job, file, contentType) = await hub.ExportAsync(owner, tenant, new { collection = "risks", format = "xlsx", fields = RiskFields });

        Assert.Equal(("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Risks), (contentType, job.GetProperty("recordCount").GetInt32()));
        using var workbook = new XLWorkbook(new MemoryStream(file));
        var sheet = Assert.Single(workbook.Worksheets);
        Assert.Equal(("risks", Risks + 1), (sheet.Name, sheet.LastRowUsed().RowNumber()));
        Assert.Equal(Header, Enumerable.Range(1, Header.Length).Select(column => sheet.Cell(1, column).GetString()));
        Assert.True(sheet.Cell(1, 1).Style.Font.Bold);
        var rows = Enumerable.Range(2, Risks).Select(row => sheet.Row(row)).ToList();
        Assert.Equal(rows.Select(row => row.Cell(1).GetString()).Order(StringComparer.Ordinal), rows.Select(row => row.Cell(1).GetString()));
        Assert.All(rows, row => Assert.Equal((XLDataType.Number, 1.0), (row.Cell(2).DataType, row.Cell(2).GetDouble())));
        Assert.All(rows, row => Assert.Equal(XLDataType.Text, row.Cell(3).DataType));

        var seventh = rows.Single(row => row.Cell(5).GetString() == "Risk 00007");
        Assert.Equal((XLDataType.Number, 3.0, XLDataType.Number, 3.0), (seventh.Cell(6).DataType, seventh.Cell(6).GetDouble(), seventh.Cell(7).DataType, seventh.Cell(7).GetDouble()));
        Assert.Equal("c-7\nc-8", seventh.Cell(9).GetString());
        Assert.True(DateTimeOffset.TryParse(seventh.Cell(3).GetString(), out _));
        var formulaLike = rows.Single(row => row.Cell(8).GetString() == "=SUM(1,2)");
        Assert.Equal((XLDataType.Text, false), (formulaLike.Cell(8).DataType, formulaLike.Cell(8).HasFormula));
        Assert.Equal("Risk 10049", rows.Max(row => row.Cell(5).GetString()));
    }

    [Fact]
    public async Task Rows_PastOneSheetsLimit_ContinueOnNextSheets_EachWithTheHeader_AndTheWorkbookIsValid()
    {
        using var file = new MemoryStream();
        await WriteAsync(file, Enumerable.Range(0, 7).Select(i => Risk(i, new { title = $"Risk {i}", likelihood = i })), rowsPerSheet: 3);

        using var workbook = new XLWorkbook(new MemoryStream(file.ToArray()));
        Assert.Equal(["risks", "risks 2", "risks 3"], workbook.Worksheets.Select(sheet => sheet.Name));
        Assert.Equal([4, 4, 2], workbook.Worksheets.Select(sheet => sheet.LastRowUsed().RowNumber()));
        Assert.All(workbook.Worksheets, sheet => Assert.Equal(["id", "version", "createdAt", "updatedAt", "title", "likelihood"],
            sheet.Row(1).CellsUsed().Select(cell => cell.GetString())));
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"Risk {i}"),
            workbook.Worksheets.SelectMany(sheet => sheet.RowsUsed().Skip(1)).Select(row => row.Cell(5).GetString()));
        using var document = SpreadsheetDocument.Open(new MemoryStream(file.ToArray()), isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document, Ct).Select(error => $"{error.Path?.XPath}: {error.Description}"));
    }

    [Fact]
    public async Task Text_ThatXmlCannotHoldAsIs_ComesBackUnchanged()
    {
        string[] texts = ["control \u0001 character", "looks escaped: _x0041_", "  spaced  ", "line\r\nbreaks\r", "emoji 🦊 in a pair of surrogates"];
        using var file = new MemoryStream();
        await WriteAsync(file, texts.Select((text, i) => Risk(i, new { title = text })));

        using var document = SpreadsheetDocument.Open(new MemoryStream(file.ToArray()), isEditable: false);
        Assert.Empty(new OpenXmlValidator().Validate(document, Ct));
        await using var reader = new XlsxImportReader(new MemoryStream(file.ToArray()), new ImportLimits(100, 1000, 10, 100, 1 << 20, 100));
        var read = new List<string?>();
        await foreach (var row in reader.ReadRowsAsync(Ct))
        {
            read.Add(row.Cells["title"]);
        }
        Assert.Equal(texts, read);
    }

    [Fact]
    public async Task AValueLongerThanAnExcelCell_FailsTheExport_RatherThanBeingCut()
    {
        using var file = new MemoryStream();
        var exception = await Assert.ThrowsAsync<ExportTooLargeException>(() =>
            WriteAsync(file, [Risk(0, new { title = new string('x', XlsxText.MaxCellCharacters + 1) })]));
        Assert.Contains("32,767", exception.Message, StringComparison.Ordinal);
    }

    private static async Task WriteAsync(Stream file, IEnumerable<Record> records, int rowsPerSheet = XlsxExportWriter.MaxRowsPerSheet)
    {
        var fields = records.First().Data.EnumerateObject().Select(property => property.Name).ToList();
        await using var writer = new XlsxExportWriter(file, new HashSet<string>(), rowsPerSheet);
        await writer.BeginAsync("risks", fields, Ct);
        foreach (var record in records)
        {
            await writer.WriteAsync(record, Ct);
        }
        await writer.EndAsync(Ct);
    }

    private static Record Risk(int i, object data) =>
        new($"rk-{i:D4}", "risks", 1, JsonSerializer.SerializeToElement(data), DateTimeOffset.UnixEpoch, "user:test", DateTimeOffset.UnixEpoch, "user:test");

    /// <summary>The risks, imported from CSV files of 5,000 rows (the most an import holds in the tests).</summary>
    private static async Task SeedRisksAsync(HttpClient owner, string tenant)
    {
        foreach (var part in Enumerable.Range(0, Risks).Chunk(5_000))
        {
            var csv = new StringBuilder("title,status,likelihood,impact,description,controlIds\r\n");
            foreach (var i in part)
            {
                csv.Append(CultureInfo.InvariantCulture, $"Risk {i:D5},identified,{i % 5 + 1},{i % 5 + 1},{(i == 42 ? "\"=SUM(1,2)\"" : "")},{(i % 7 == 0 ? $"c-{i};c-{i + 1}" : "")}\r\n");
            }
            await owner.ImportAsync(tenant, "risks", csv.ToString());
        }
    }
}
