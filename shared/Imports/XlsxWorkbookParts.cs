using System.Text;
using DataGovernance.Exports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using ExcelNumberFormat;

namespace DataGovernance.Imports;

internal enum XlsxNumberKind
{
    Number,
    Date,
    Duration,
}

/// <summary>
/// What reading a worksheet's cells needs from the rest of a workbook, each part read with the Open XML SDK's SAX reader
/// (<see cref="OpenXmlReader"/>): the first worksheet, the shared strings, which cell styles show numbers as dates, and
/// whether dates count from 1904. The shared strings are held in memory, bounded by the uncompressed-size limit the file
/// passed; each is kept to one character more than a cell may hold, enough for the cell check to refuse it.
/// The SDK's reader parses every part with DtdProcessing.Prohibit: a part that declares a DTD fails to read, so no
/// entity is ever expanded.
/// </summary>
internal sealed class XlsxWorkbookParts
{
    private XlsxWorkbookParts(WorksheetPart sheet, IReadOnlyList<string> sharedStrings, IReadOnlyList<XlsxNumberKind> numberKinds, bool date1904) =>
        (Sheet, SharedStrings, NumberKinds, Date1904) = (sheet, sharedStrings, numberKinds, date1904);

    public WorksheetPart Sheet { get; }

    public IReadOnlyList<string> SharedStrings { get; }

    /// <summary>By cell style index (a cell's <c>s</c>): whether the style's number format shows a number, a date or a duration.</summary>
    public IReadOnlyList<XlsxNumberKind> NumberKinds { get; }

    public bool Date1904 { get; }

    /// <summary>The parts of <paramref name="document"/>; null when it has no worksheet.</summary>
    public static XlsxWorkbookParts? Read(SpreadsheetDocument document, int maxCellCharacters)
    {
        if (document.WorkbookPart is not { } workbook)
        {
            throw new ImportFileException(ImportProblems.MalformedXlsx("it has no workbook part."));
        }
        var (sheetIds, date1904) = ReadWorkbook(workbook);
        if (sheetIds.Select(id => workbook.GetPartById(id)).OfType<WorksheetPart>().FirstOrDefault() is not { } sheet)
        {
            return null;
        }
        var sharedStrings = workbook.SharedStringTablePart is { } strings ? ReadSharedStrings(strings, maxCellCharacters) : [];
        var numberKinds = workbook.WorkbookStylesPart is { } styles ? ReadNumberKinds(styles) : [];
        return new XlsxWorkbookParts(sheet, sharedStrings, numberKinds, date1904);
    }

    /// <summary>The relationship ids of the sheets in the workbook's order, and whether it uses the 1904 date system.</summary>
    private static (List<string> SheetIds, bool Date1904) ReadWorkbook(WorkbookPart workbook)
    {
        var (ids, date1904) = (new List<string>(), false);
        using var reader = OpenXmlReader.Create(workbook);
        while (reader.Read())
        {
            if (!reader.IsStartElement)
            {
                continue;
            }
            if (reader.ElementType == typeof(Sheet) && AttributeValue(reader, "id") is { } id)
            {
                ids.Add(id);
            }
            else if (reader.ElementType == typeof(WorkbookProperties))
            {
                date1904 = AttributeValue(reader, "date1904") is "1" or "true";
            }
        }
        return (ids, date1904);
    }

    /// <summary>Each shared string's text: its runs joined, phonetic guides left out, <c>_xHHHH_</c> escapes read.</summary>
    private static List<string> ReadSharedStrings(SharedStringTablePart part, int maxCellCharacters)
    {
        var strings = new List<string>();
        var text = new StringBuilder();
        var phonetic = false;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(PhoneticRun))
            {
                phonetic = reader.IsStartElement;
            }
            else if (reader.ElementType == typeof(Text) && reader.IsStartElement && !phonetic && text.Length <= maxCellCharacters)
            {
                text.Append(reader.GetText());
            }
            else if (reader.ElementType == typeof(SharedStringItem) && reader.IsEndElement)
            {
                var item = XlsxText.Unescape(text.ToString());
                strings.Add(item.Length > maxCellCharacters ? item[..(maxCellCharacters + 1)] : item);
                text.Clear();
            }
        }
        return strings;
    }

    /// <summary>
    /// How each cell style (<c>cellXfs</c>) shows numbers: as dates with the built-in date and time formats (14–22, 45
    /// and 47) and custom formats that have date or time parts (read by ExcelNumberFormat, so text in quotes, colours and
    /// locales in brackets do not count); as durations with <c>[h]:mm:ss</c> (46) and custom formats with elapsed time.
    /// </summary>
    private static List<XlsxNumberKind> ReadNumberKinds(WorkbookStylesPart part)
    {
        var custom = new Dictionary<string, XlsxNumberKind>(StringComparer.Ordinal);
        var styles = new List<XlsxNumberKind>();
        var inCellFormats = false;
        using var reader = OpenXmlReader.Create(part);
        while (reader.Read())
        {
            if (reader.ElementType == typeof(NumberingFormat) && reader.IsStartElement && AttributeValue(reader, "numFmtId") is { } id)
            {
                var format = new NumberFormat(AttributeValue(reader, "formatCode") ?? "");
                custom[id] = format.IsTimeSpanFormat ? XlsxNumberKind.Duration : format.IsDateTimeFormat ? XlsxNumberKind.Date : XlsxNumberKind.Number;
            }
            else if (reader.ElementType == typeof(CellFormats))
            {
                inCellFormats = reader.IsStartElement;
            }
            else if (inCellFormats && reader.ElementType == typeof(CellFormat) && reader.IsStartElement)
            {
                var formatId = AttributeValue(reader, "numFmtId") ?? "0";
                styles.Add(custom.TryGetValue(formatId, out var kind) ? kind : BuiltIn(formatId));
            }
        }
        return styles;
    }

    private static XlsxNumberKind BuiltIn(string numberFormatId) => int.TryParse(numberFormatId, out var id) ? id switch
    {
        (>= 14 and <= 22) or 45 or 47 => XlsxNumberKind.Date,
        46 => XlsxNumberKind.Duration,
        _ => XlsxNumberKind.Number,
    } : XlsxNumberKind.Number;

    internal static string? AttributeValue(OpenXmlReader reader, string localName)
    {
        foreach (var attribute in reader.Attributes)
        {
            if (attribute.LocalName == localName)
            {
                return attribute.Value;
            }
        }
        return null;
    }
}
