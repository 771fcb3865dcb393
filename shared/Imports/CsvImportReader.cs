using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;

namespace DataGovernance.Imports;

/// <summary>
/// CSV per RFC 4180 read with CsvHelper: quoted fields may hold separators, quotes ("") and line breaks; CRLF and LF both
/// end records; the separator is detected (comma, semicolon, tab or bar, as spreadsheets write them). Quoting that breaks
/// the rules (a stray or unbalanced quote) refuses the file rather than guessing. Text must be UTF-8 (a UTF-16 byte order
/// mark is honoured); anything else, such as Latin-1, is refused instead of being read as the wrong characters.
/// </summary>
public sealed class CsvImportReader(Stream content, ImportLimits limits) : IImportReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly StreamReader _text = new(content, StrictUtf8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    private CsvReader? _csv;
    private IReadOnlyList<string>? _columns;

    public async Task<IReadOnlyList<string>> ReadColumnsAsync(CancellationToken cancellationToken)
    {
        if (_columns is not null)
        {
            return _columns;
        }
        _csv = CsvReader.Create(_text, CsvReaderOptions.Default with
        {
            MalformedData = CsvMalformedDataHandling.Throw,
            TrimWhitespace = false,
            SkipEmptyLines = true,
            IncludeValuesInExceptions = false,
            // Bounds what one unclosed quote can make the reader buffer; cells are checked one by one below.
            MaxRecordSize = (int)Math.Min(int.MaxValue / 2, (long)limits.MaxCellCharacters * limits.MaxColumns * 3 + 1024),
        }, leaveOpen: true);
        await Guard(async () =>
        {
            await _csv.ReadHeaderAsync(cancellationToken);
            return true;
        });
        _columns = limits.CheckColumns([.. _csv.Headers]);
        return _columns;
    }

    public async IAsyncEnumerable<ImportRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var columns = await ReadColumnsAsync(cancellationToken);
        var csv = _csv!;
        while (await Guard(async () => await csv.ReadAsync(cancellationToken)))
        {
            var number = csv.RowNumber + 1;
            limits.CheckRowCount(csv.RowNumber);
            var cells = new Dictionary<string, string?>(columns.Count, StringComparer.Ordinal);
            for (var index = 0; index < columns.Count && index < csv.FieldCount; index++)
            {
                var value = csv.GetString(index);
                limits.CheckCell(number, columns[index], value);
                cells[columns[index]] = value;
            }
            var problem = csv.FieldCount > columns.Count
                ? $"The row has {csv.FieldCount} fields, the header {columns.Count}."
                : null;
            yield return new ImportRow(number, cells, problem);
        }
    }

    private static async Task<T> Guard<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (CsvFormatException ex)
        {
            throw new ImportFileException(ImportProblems.MalformedCsv(ex.RecordNumber, ex.Message));
        }
        catch (DecoderFallbackException)
        {
            throw new ImportFileException(ImportProblems.InvalidEncoding("The file is not valid UTF-8 (Latin-1 or Windows-1252 text, for instance)."));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_csv is not null)
        {
            await _csv.DisposeAsync();
        }
        _text.Dispose();
    }
}
