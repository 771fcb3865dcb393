using System.Globalization;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using static DataGovernance.Imports.XlsxWorkbookParts;

namespace DataGovernance.Imports;

/// <summary>A worksheet row as stored: its number (1 for the first) and the cells that hold a value, by column (0 for A).</summary>
internal sealed record XlsxRow(long Number, IReadOnlyList<(int Column, string Text)> Cells);

/// <summary>
/// Reads a worksheet's rows one at a time with the Open XML SDK's SAX reader, holding one row. Rows and cells go where
/// their references put them (<c>r="C5"</c>), so skipped rows and columns stay empty; without a reference, a row follows
/// the previous row and a cell the previous cell, as the format says. The SDK's reader parses the part with
/// DtdProcessing.Prohibit, so a worksheet that declares a DTD (and entities) fails to read instead of expanding them.
/// </summary>
internal sealed class XlsxSheetReader(XlsxWorkbookParts parts) : IDisposable
{
    private readonly OpenXmlReader _reader = OpenXmlReader.Create(parts.Sheet);
    private long _lastRow;

    /// <summary>The next row with a value in any cell; null after the last.</summary>
    public XlsxRow? ReadRow()
    {
        while (_reader.Read())
        {
            if (_reader.ElementType != typeof(Row) || !_reader.IsStartElement)
            {
                continue;
            }
            var number = long.TryParse(AttributeValue(_reader, "r"), NumberStyles.None, CultureInfo.InvariantCulture, out var stated) ? stated : _lastRow + 1;
            _lastRow = number;
            if (ReadCells() is { Count: > 0 } cells)
            {
                return new XlsxRow(number, cells);
            }
        }
        return null;
    }

    public void Dispose() => _reader.Dispose();

    /// <summary>The cells of the row the reader is at, up to its end.</summary>
    private List<(int Column, string Text)> ReadCells()
    {
        var cells = new List<(int Column, string Text)>();
        var column = -1;
        var (type, value, style) = ((string?)null, (string?)null, 0);
        StringBuilder? inline = null;
        var phonetic = false;
        while (_reader.Read())
        {
            var element = _reader.ElementType;
            if (_reader.IsStartElement)
            {
                if (element == typeof(Cell))
                {
                    column = ColumnOf(AttributeValue(_reader, "r")) ?? column + 1;
                    type = AttributeValue(_reader, "t");
                    style = int.TryParse(AttributeValue(_reader, "s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
                    (value, inline) = (null, null);
                }
                else if (element == typeof(CellValue))
                {
                    value = _reader.GetText();
                }
                else if (element == typeof(InlineString))
                {
                    inline = new StringBuilder();
                }
                else if (element == typeof(PhoneticRun))
                {
                    phonetic = true;
                }
                else if (element == typeof(Text) && inline is not null && !phonetic)
                {
                    inline.Append(_reader.GetText());
                }
            }
            else if (_reader.IsEndElement)
            {
                if (element == typeof(PhoneticRun))
                {
                    phonetic = false;
                }
                else if (element == typeof(Cell))
                {
                    var kind = style < parts.NumberKinds.Count ? parts.NumberKinds[style] : XlsxNumberKind.Number;
                    if (XlsxCellText.Of(type, value, inline?.ToString(), kind, parts.Date1904, parts.SharedStrings) is { } text)
                    {
                        cells.Add((column, text));
                    }
                }
                else if (element == typeof(Row))
                {
                    break;
                }
            }
        }
        return cells;
    }

    /// <summary>The column of a cell reference (<c>C5</c> is 2); null when there is none or it is not one.</summary>
    private static int? ColumnOf(string? reference)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return null;
        }
        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            if (!char.IsAsciiLetter(c))
            {
                break;
            }
            column = column * 26 + (char.ToUpperInvariant(c) - 'A' + 1);
            if (++letters > 3)
            {
                return null;
            }
        }
        return letters == 0 ? null : column - 1;
    }
}
