using System.Globalization;
using System.IO.Packaging;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;

namespace DataGovernance.Exports;

/// <summary>
/// Writes a workbook front to back, one row at a time, with the Open XML SDK's SAX writer (<see cref="OpenXmlWriter"/>)
/// into a package opened write-only, which System.IO.Packaging streams as a ZIP: a worksheet part is compressed as it is
/// written and nothing of it is kept, so memory does not grow with the rows. The parts come in the order a stream
/// allows: the styles, the worksheets one after the other, then the workbook part that lists them. Cells are inline
/// strings and numbers only (no shared-string table, no formulas); style 1 is bold, for header rows.
/// </summary>
internal sealed class XlsxWorkbookWriter : IDisposable
{
    public const uint BoldStyle = 1;

    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const string SpreadsheetMl = "application/vnd.openxmlformats-officedocument.spreadsheetml";
    private static readonly Uri WorkbookUri = new("/xl/workbook.xml", UriKind.Relative);

    private readonly Package _package;
    private readonly List<(string Name, string PartName)> _sheets = [];
    private readonly List<string> _columnNames = [];
    // The SAX writer reads only the name of the element it is given, so one instance of each serves every row.
    private readonly Row _row = new();
    private readonly Cell _cell = new();
    private readonly InlineString _inline = new();
    private readonly Text _text = new();
    private readonly CellValue _value = new();
    private Stream? _sheetStream;
    private OpenXmlWriter? _sheet;
    private long _rowNumber;
    private string _rowText = "";
    private bool _inRow;

    public XlsxWorkbookWriter(Stream output)
    {
        _package = Package.Open(output, FileMode.Create, FileAccess.Write);
        WritePart(new Uri("/xl/styles.xml", UriKind.Relative), $"{SpreadsheetMl}.styles+xml", Styles());
    }

    /// <summary>Ends the current worksheet, if any, and starts the next one, named <paramref name="name"/>.</summary>
    public void StartSheet(string name)
    {
        EndSheet();
        var partName = $"worksheets/sheet{_sheets.Count + 1}.xml";
        _sheets.Add((name, partName));
        var part = _package.CreatePart(new Uri($"/xl/{partName}", UriKind.Relative), $"{SpreadsheetMl}.worksheet+xml", CompressionOption.Normal);
        _sheetStream = part.GetStream(FileMode.Create, FileAccess.Write);
        _sheet = OpenXmlWriter.Create(_sheetStream);
        _sheet.WriteStartDocument();
        _sheet.WriteStartElement(new Worksheet());
        _sheet.WriteStartElement(new SheetData());
        _rowNumber = 0;
    }

    public void StartRow()
    {
        EndRow();
        _rowText = (++_rowNumber).ToString(CultureInfo.InvariantCulture);
        Sheet.WriteStartElement(_row, [new OpenXmlAttribute("r", "", _rowText)]);
        _inRow = true;
    }

    /// <summary>A text cell in <paramref name="column"/> (0 for A) of the current row, as an inline string.</summary>
    public void Text(int column, string text, uint style = 0)
    {
        var attributes = style == 0
            ? new[] { Reference(column), new OpenXmlAttribute("t", "", "inlineStr") }
            : [Reference(column), new OpenXmlAttribute("s", "", style.ToString(CultureInfo.InvariantCulture)), new OpenXmlAttribute("t", "", "inlineStr")];
        Sheet.WriteStartElement(_cell, attributes);
        Sheet.WriteStartElement(_inline);
        var escaped = XlsxText.Escape(text);
        if (escaped.Length > 0 && (char.IsWhiteSpace(escaped[0]) || char.IsWhiteSpace(escaped[^1])))
        {
            Sheet.WriteStartElement(_text, [new OpenXmlAttribute("xml", "space", "http://www.w3.org/XML/1998/namespace", "preserve")]);
        }
        else
        {
            Sheet.WriteStartElement(_text);
        }
        Sheet.WriteString(escaped);
        Sheet.WriteEndElement();
        Sheet.WriteEndElement();
        Sheet.WriteEndElement();
    }

    public void Number(int column, long number)
    {
        Sheet.WriteStartElement(_cell, [Reference(column)]);
        Sheet.WriteStartElement(_value);
        Sheet.WriteString(number.ToString(CultureInfo.InvariantCulture));
        Sheet.WriteEndElement();
        Sheet.WriteEndElement();
    }

    /// <summary>Ends the last worksheet, writes the workbook part that lists the worksheets and closes the package.</summary>
    public void Finish()
    {
        EndSheet();
        var workbook = _package.CreatePart(WorkbookUri, $"{SpreadsheetMl}.sheet.main+xml", CompressionOption.Normal);
        workbook.CreateRelationship(new Uri("styles.xml", UriKind.Relative), TargetMode.Internal, $"{Relationships}/styles", "rId1");
        var sheets = new Sheets();
        for (var i = 0; i < _sheets.Count; i++)
        {
            var relationship = workbook.CreateRelationship(
                new Uri(_sheets[i].PartName, UriKind.Relative), TargetMode.Internal, $"{Relationships}/worksheet", $"rId{i + 2}");
            sheets.Append(new Sheet { Name = _sheets[i].Name, SheetId = (uint)(i + 1), Id = relationship.Id });
        }
        Write(workbook, new Workbook(sheets));
        _package.CreateRelationship(WorkbookUri, TargetMode.Internal, $"{Relationships}/officeDocument", "rId1");
        _package.Close();
    }

    public void Dispose()
    {
        _sheet?.Dispose();
        _sheetStream?.Dispose();
        ((IDisposable)_package).Dispose();
    }

    private OpenXmlWriter Sheet => _sheet ?? throw new InvalidOperationException("No worksheet has been started.");

    private void EndRow()
    {
        if (_inRow)
        {
            Sheet.WriteEndElement();
            _inRow = false;
        }
    }

    private void EndSheet()
    {
        if (_sheet is null)
        {
            return;
        }
        EndRow();
        _sheet.WriteEndElement();
        _sheet.WriteEndElement();
        _sheet.Close();
        _sheetStream!.Dispose();
        (_sheet, _sheetStream) = (null, null);
    }

    private OpenXmlAttribute Reference(int column)
    {
        while (_columnNames.Count <= column)
        {
            _columnNames.Add(ColumnName(_columnNames.Count));
        }
        return new OpenXmlAttribute("r", "", string.Concat(_columnNames[column], _rowText));
    }

    /// <summary>A, B, …, Z, AA, AB, … for 0, 1, ….</summary>
    private static string ColumnName(int column)
    {
        var name = "";
        for (var left = column + 1; left > 0; left = (left - 1) / 26)
        {
            name = (char)('A' + ((left - 1) % 26)) + name;
        }
        return name;
    }

    private void WritePart(Uri uri, string contentType, OpenXmlElement root) =>
        Write(_package.CreatePart(uri, contentType, CompressionOption.Normal), root);

    private static void Write(PackagePart part, OpenXmlElement root)
    {
        using var stream = part.GetStream(FileMode.Create, FileAccess.Write);
        using var writer = OpenXmlWriter.Create(stream);
        writer.WriteStartDocument();
        writer.WriteElement(root);
        writer.Close();
    }

    /// <summary>A small stylesheet: Excel's default font, and a second cell format (<see cref="BoldStyle"/>) in bold.</summary>
    private static Stylesheet Styles() => new(
        new Fonts(Font(), Font(new Bold())) { Count = 2 },
        new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
        new Borders(new Border()) { Count = 1 },
        new CellStyleFormats(new CellFormat()) { Count = 1 },
        new CellFormats(new CellFormat { FormatId = 0 }, new CellFormat { FormatId = 0, FontId = 1, ApplyFont = true }) { Count = 2 },
        new CellStyles(new CellStyle { Name = "Normal", FormatId = 0, BuiltinId = 0 }) { Count = 1 });

    private static Font Font(params OpenXmlElement[] emphasis) =>
        new([.. emphasis, new FontSize { Val = 11 }, new FontName { Val = "Calibri" }]);
}
