using System.Globalization;
using System.Runtime.CompilerServices;
using ClosedXML.Excel;
using DataGovernance.Storage;

namespace DataGovernance.Imports;

/// <summary>
/// XLSX: the first worksheet, its first used row as the header. The file, a ZIP, is checked and fully expanded within
/// <see cref="ImportLimits.Xlsx"/> before ClosedXML opens it, so a ZIP bomb costs at most the limit's worth of
/// decompression; ClosedXML then holds the workbook in memory, which the upload limit and the uncompressed-size limit bound.
/// Date cells become ISO dates, whole numbers lose their ".0".
/// </summary>
public sealed class XlsxImportReader(Stream content, ImportLimits limits) : IImportReader
{
    private XLWorkbook? _workbook;
    private IXLRange? _range;
    private IReadOnlyList<string>? _columns;

    public async Task<IReadOnlyList<string>> ReadColumnsAsync(CancellationToken cancellationToken)
    {
        if (_columns is not null)
        {
            return _columns;
        }
        var copy = new MemoryStream();
        await content.CopyToAsync(copy, cancellationToken);
        copy.Position = 0;
        Inspect(copy, limits.Xlsx, cancellationToken);
        try
        {
            _workbook = new XLWorkbook(copy);
        }
        // ClosedXML reports a ZIP that is no workbook in many ways (down to a NullReferenceException); all mean the same to the uploader.
        catch (Exception ex) when (ex is not (OperationCanceledException or OutOfMemoryException))
        {
            throw new ImportFileException(ImportProblems.MalformedXlsx("it is not a workbook the hub can open."));
        }
        _range = _workbook.Worksheets.FirstOrDefault()?.RangeUsed() ?? throw new ImportFileException(ImportProblems.Empty);
        limits.CheckRowCount(_range.RowCount() - 1L);
        var header = _range.FirstRow();
        _columns = limits.CheckColumns([.. Enumerable.Range(1, _range.ColumnCount()).Select(index => Text(header.Cell(index)) ?? "")]);
        return _columns;
    }

    public async IAsyncEnumerable<ImportRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var columns = await ReadColumnsAsync(cancellationToken);
        foreach (var row in _range!.Rows().Skip(1))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (row.IsEmpty())
            {
                continue;
            }
            var number = (long)row.RowNumber();
            var cells = new Dictionary<string, string?>(columns.Count, StringComparer.Ordinal);
            for (var index = 0; index < columns.Count; index++)
            {
                var value = Text(row.Cell(index + 1));
                limits.CheckCell(number, columns[index], value);
                cells[columns[index]] = value;
            }
            yield return new ImportRow(number, cells);
        }
    }

    private static void Inspect(MemoryStream zip, ZipLimits limits, CancellationToken cancellationToken)
    {
        try
        {
            using var archive = UntrustedZip.Open(zip, limits, ZipEntryNames.AsStored);
            archive.ExpandAll(cancellationToken);
        }
        catch (ZipRefusedException ex)
        {
            throw new ImportFileException(ImportProblems.XlsxRefused(ex));
        }
        catch (InvalidDataException ex)
        {
            throw new ImportFileException(ImportProblems.MalformedXlsx(ex.Message));
        }
        finally
        {
            zip.Position = 0;
        }
    }

    private static string? Text(IXLCell cell)
    {
        if (cell.IsEmpty())
        {
            return null;
        }
        return cell.DataType switch
        {
            XLDataType.DateTime => cell.GetDateTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            XLDataType.Number => cell.GetDouble() is var number && number == Math.Floor(number) && Math.Abs(number) < 1e15
                ? ((long)number).ToString(CultureInfo.InvariantCulture)
                : cell.GetDouble().ToString("R", CultureInfo.InvariantCulture),
            XLDataType.Boolean => cell.GetBoolean() ? "true" : "false",
            _ => cell.GetString(),
        };
    }

    public ValueTask DisposeAsync()
    {
        _workbook?.Dispose();
        return ValueTask.CompletedTask;
    }
}
