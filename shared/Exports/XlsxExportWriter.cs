using ClosedXML.Excel;
using DataGovernance.Records;
using System.Text.Json;

namespace DataGovernance.Exports;

/// <summary>
/// XLSX through ClosedXML: one worksheet, a header row, every cell text except whole numbers, so nothing in a
/// record can become a formula. ClosedXML holds the workbook in memory until it is saved at the end, which is why
/// the row count is capped (<see cref="ExportOptions.MaxXlsxRows"/>).
/// </summary>
internal sealed class XlsxExportWriter(Stream destination, IReadOnlySet<string> masked, int maxRows) : ExportFileWriter
{
    private readonly XLWorkbook _workbook = new();
    private IXLWorksheet _sheet = null!;
    private IReadOnlyList<string> _fields = [];
    private int _row = 1;

    public override Task BeginAsync(string collection, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        _fields = fields;
        _sheet = _workbook.Worksheets.Add(collection);
        var column = 1;
        foreach (var name in Bookkeeping.Concat(fields))
        {
            Text(_sheet.Cell(1, column++), name);
        }
        _sheet.Row(1).Style.Font.Bold = true;
        return Task.CompletedTask;
    }

    public override Task WriteAsync(Record record, CancellationToken cancellationToken)
    {
        if (_row - 1 >= maxRows)
        {
            throw new ExportTooLargeException($"The export grew past {maxRows:N0} rows, the most an XLSX export holds; export as csv.");
        }
        _row++;
        Text(_sheet.Cell(_row, 1), record.Id);
        _sheet.Cell(_row, 2).SetValue(record.Version);
        Text(_sheet.Cell(_row, 3), ExportFiles.Time(record.CreatedAt));
        Text(_sheet.Cell(_row, 4), ExportFiles.Time(record.UpdatedAt));
        for (var i = 0; i < _fields.Count; i++)
        {
            if (!record.Data.TryGetProperty(_fields[i], out var value) || value.ValueKind == JsonValueKind.Null)
            {
                continue;
            }
            var cell = _sheet.Cell(_row, 5 + i);
            if (masked.Contains(_fields[i]))
            {
                Text(cell, ExportMasking.Masked);
            }
            else if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
            {
                cell.SetValue(number);
            }
            else
            {
                Text(cell, ExportFiles.Cell(value) ?? "");
            }
        }
        return Task.CompletedTask;
    }

    public override Task EndAsync(CancellationToken cancellationToken)
    {
        _workbook.SaveAs(destination);
        return Task.CompletedTask;
    }

    public override ValueTask DisposeAsync()
    {
        _workbook.Dispose();
        return ValueTask.CompletedTask;
    }

    private static void Text(IXLCell cell, string text)
    {
        cell.SetValue(text);
        cell.DataType = XLDataType.Text;
    }
}
