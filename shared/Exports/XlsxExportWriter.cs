using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.Exports;

/// <summary>
/// XLSX streamed row by row (<see cref="XlsxWorkbookWriter"/>): a worksheet named after the collection with a bold
/// header row, every cell text except the version and whole numbers, so nothing in a record can become a formula.
/// A worksheet holds at most <see cref="MaxRowsPerSheet"/> records (Excel's 1,048,576 rows less the header); the rows
/// after them continue on "collection 2", "collection 3", … each with the header again, so an export has no row limit.
/// Memory holds one row and what the package has written since it was last passed on to the destination.
/// A value longer than an Excel cell holds fails the export rather than being cut.
/// </summary>
internal sealed class XlsxExportWriter(Stream destination, IReadOnlySet<string> masked, int rowsPerSheet = XlsxExportWriter.MaxRowsPerSheet)
    : ExportFileWriter
{
    public const int MaxRowsPerSheet = 1_048_575;

    private const int PassOnAt = 256 * 1024;
    private readonly WriteBehindBuffer _buffer = new();
    private XlsxWorkbookWriter? _workbook;
    private IReadOnlyList<string> _fields = [];
    private string _collection = "";
    private int _sheets;
    private int _rowsInSheet;

    private XlsxWorkbookWriter Workbook => _workbook ?? throw new InvalidOperationException("The export has not begun.");

    public override async Task BeginAsync(string collection, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        (_collection, _fields) = (collection, fields);
        _workbook = new XlsxWorkbookWriter(_buffer);
        StartSheet();
        await _buffer.DrainToAsync(destination, cancellationToken);
    }

    public override async Task WriteAsync(Record record, CancellationToken cancellationToken)
    {
        if (_rowsInSheet == rowsPerSheet)
        {
            StartSheet();
        }
        Workbook.StartRow();
        _rowsInSheet++;
        Text(0, record.Id, record, "id");
        Workbook.Number(1, record.Version);
        Workbook.Text(2, ExportFiles.Time(record.CreatedAt));
        Workbook.Text(3, ExportFiles.Time(record.UpdatedAt));
        for (var i = 0; i < _fields.Count; i++)
        {
            if (!record.Data.TryGetProperty(_fields[i], out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            if (masked.Contains(_fields[i]))
            {
                Workbook.Text(4 + i, ExportMasking.Masked);
            }
            else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            {
                Workbook.Number(4 + i, number);
            }
            else
            {
                Text(4 + i, ExportFiles.Cell(value) ?? "", record, _fields[i]);
            }
        }
        if (_buffer.Pending >= PassOnAt)
        {
            await _buffer.DrainToAsync(destination, cancellationToken);
        }
    }

    public override async Task EndAsync(CancellationToken cancellationToken)
    {
        Workbook.Finish();
        await _buffer.DrainToAsync(destination, cancellationToken);
    }

    public override async ValueTask DisposeAsync()
    {
        _workbook?.Dispose();
        await _buffer.DisposeAsync();
    }

    private void StartSheet()
    {
        _sheets++;
        Workbook.StartSheet(_sheets == 1 ? _collection : $"{_collection} {_sheets}");
        Workbook.StartRow();
        var column = 0;
        foreach (var name in Bookkeeping.Concat(_fields))
        {
            Workbook.Text(column++, name, XlsxWorkbookWriter.BoldStyle);
        }
        _rowsInSheet = 0;
    }

    private void Text(int column, string text, Record record, string field)
    {
        if (text.Length > XlsxText.MaxCellCharacters)
        {
            throw new ExportTooLargeException($"Record {record.Id}: '{field}' holds {text.Length:N0} characters, more than the {XlsxText.MaxCellCharacters:N0} " +
                "an Excel cell holds; export as csv or json to keep the whole value.");
        }
        if (text.Length > 0)
        {
            Workbook.Text(column, text);
        }
    }
}
