using System.IO.Packaging;
using System.Runtime.CompilerServices;
using System.Xml;
using DataGovernance.Storage;
using DocumentFormat.OpenXml.Packaging;

namespace DataGovernance.Imports;

/// <summary>
/// XLSX: the first worksheet, its first row with a value as the header (from its first to its last cell with a value),
/// read row by row with the Open XML SDK's SAX reader (<see cref="XlsxSheetReader"/>), so memory holds one row and the
/// shared strings, not the workbook. The upload is copied to a temporary file (a ZIP is read from its end) and passes
/// the ZIP checks (<see cref="UntrustedZip"/>) before it is opened. A value in a column the header does not cover makes its row malformed,
/// as a CSV row with more fields than the header. Cells read as <see cref="XlsxCellText"/> says.
/// </summary>
public sealed class XlsxImportReader(Stream content, ImportLimits limits) : IImportReader
{
    private FileStream? _copy;
    private SpreadsheetDocument? _document;
    private XlsxSheetReader? _sheet;
    private IReadOnlyList<string>? _columns;
    private (long Row, int FirstColumn) _header;

    public async Task<IReadOnlyList<string>> ReadColumnsAsync(CancellationToken cancellationToken)
    {
        if (_columns is not null)
        {
            return _columns;
        }
        _copy = await CopyAsync(content, cancellationToken);
        Inspect(_copy, limits.Xlsx, cancellationToken);
        var header = Guard(() =>
        {
            _document = SpreadsheetDocument.Open(_copy, isEditable: false);
            var parts = XlsxWorkbookParts.Read(_document, limits.MaxCellCharacters) ?? throw new ImportFileException(ImportProblems.Empty);
            _sheet = new XlsxSheetReader(parts);
            return _sheet.ReadRow();
        }) ?? throw new ImportFileException(ImportProblems.Empty);
        var (first, last) = (header.Cells.Min(cell => cell.Column), header.Cells.Max(cell => cell.Column));
        if (last - first + 1 > limits.MaxColumns)
        {
            throw new ImportFileException(ImportProblems.TooManyColumns(limits.MaxColumns));
        }
        var names = new string[last - first + 1];
        Array.Fill(names, "");
        foreach (var (column, text) in header.Cells)
        {
            names[column - first] = text;
        }
        _header = (header.Number, first);
        _columns = limits.CheckColumns(names);
        return _columns;
    }

    public async IAsyncEnumerable<ImportRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var columns = await ReadColumnsAsync(cancellationToken);
        while (Guard(_sheet!.ReadRow) is { } row)
        {
            cancellationToken.ThrowIfCancellationRequested();
            limits.CheckRowCount(row.Number - _header.Row);
            var cells = new Dictionary<string, string?>(columns.Count, StringComparer.Ordinal);
            var outside = 0;
            foreach (var (column, text) in row.Cells)
            {
                var index = column - _header.FirstColumn;
                if (index < 0 || index >= columns.Count)
                {
                    outside++;
                    continue;
                }
                limits.CheckCell(row.Number, columns[index], text);
                cells[columns[index]] = text;
            }
            var problem = outside > 0 ? $"The row has {outside} value(s) outside the header's {columns.Count} columns." : null;
            yield return new ImportRow(row.Number, cells, problem);
        }
    }

    private static void Inspect(Stream zip, ZipLimits limits, CancellationToken cancellationToken)
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

    public async ValueTask DisposeAsync()
    {
        _sheet?.Dispose();
        _document?.Dispose();
        if (_copy is not null)
        {
            await _copy.DisposeAsync();
        }
    }

    /// <summary>The upload in a temporary file that has no name on disk once open (deleted on close where it cannot be unlinked).</summary>
    private static async Task<FileStream> CopyAsync(Stream content, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dg-import-{Guid.NewGuid():N}.xlsx");
        var copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            if (!OperatingSystem.IsWindows())
            {
                File.Delete(path);
            }
            await content.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Runs a read of the package, turning what says the file is no workbook (broken ZIP, parts or XML) into its problem.</summary>
    private static T Guard<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        // The SDK and System.IO.Packaging report a ZIP that is no workbook in these ways; all mean the same to the uploader.
        catch (Exception ex) when (ex is OpenXmlPackageException or FileFormatException or InvalidDataException or IOException or XmlException
            or InvalidOperationException or ArgumentException or KeyNotFoundException)
        {
            throw new ImportFileException(ImportProblems.MalformedXlsx("it is not a workbook the hub can open."));
        }
    }
}
