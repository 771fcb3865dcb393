using System.Text;
using ClosedXML.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DataGovernance.Tests.Imports;

/// <summary>Small XLSX files for the import tests.</summary>
internal static class Workbooks
{
    public static byte[] Create(string[] header, params object?[][] rows)
    {
        using var workbook = new XLWorkbook();
        var sheet = workbook.Worksheets.Add("Sheet1");
        for (var column = 0; column < header.Length; column++)
        {
            sheet.Cell(1, column + 1).Value = header[column];
        }
        for (var row = 0; row < rows.Length; row++)
        {
            for (var column = 0; column < rows[row].Length; column++)
            {
                if (rows[row][column] is { } value)
                {
                    sheet.Cell(row + 2, column + 1).Value = value;
                }
            }
        }
        using var buffer = new MemoryStream();
        workbook.SaveAs(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// A workbook whose first worksheet is <paramref name="sheetData"/> as written (the rows inside <c>sheetData</c>), with
    /// <paramref name="sharedStrings"/> as its shared-string table and cell styles 1 and 2 showing numbers as dates:
    /// 1 with the built-in format 14 (m/d/yyyy), 2 with the custom format dd/mm/yyyy.
    /// </summary>
    public static byte[] FromSheetXml(string sheetData, params string[] sharedStrings) => FromWorksheetXml(
        $"<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>{sheetData}</sheetData></worksheet>", sharedStrings);

    /// <summary>A workbook like <see cref="FromSheetXml"/>'s whose first worksheet part is <paramref name="worksheet"/>, whole.</summary>
    public static byte[] FromWorksheetXml(string worksheet, params string[] sharedStrings)
    {
        using var buffer = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(buffer, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.AddNewPart<SharedStringTablePart>().SharedStringTable = new SharedStringTable(sharedStrings.Select(text => new SharedStringItem(new Text(text))));
            workbook.AddNewPart<WorkbookStylesPart>().Stylesheet = new Stylesheet(
                new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "dd/mm/yyyy" }),
                new Fonts(new Font()),
                new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })),
                new Borders(new Border()),
                new CellStyleFormats(new CellFormat()),
                new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }, new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }));
            var sheet = workbook.AddNewPart<WorksheetPart>();
            sheet.FeedData(new MemoryStream(Encoding.UTF8.GetBytes(worksheet)));
            workbook.Workbook = new Workbook(new Sheets(new Sheet { Name = "Sheet1", SheetId = 1, Id = workbook.GetIdOfPart(sheet) }));
        }
        return buffer.ToArray();
    }
}
