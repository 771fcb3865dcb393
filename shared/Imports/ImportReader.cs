using DataGovernance.Storage;

namespace DataGovernance.Imports;

/// <summary>One data row: its number as a spreadsheet shows it (the header is row 1) and its cells by column name.</summary>
public sealed record ImportRow(long Number, IReadOnlyDictionary<string, string?> Cells, string? Problem = null);

/// <summary>
/// Reads an import file as rows, streaming: a problem of the whole file throws <see cref="ImportFileException"/>, a
/// problem of one row comes with the row (<see cref="ImportRow.Problem"/>). Reading stops with a problem at the first row
/// past <see cref="ImportLimits.MaxRows"/>, before the rest of the file is read.
/// </summary>
public interface IImportReader : IAsyncDisposable
{
    Task<IReadOnlyList<string>> ReadColumnsAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<ImportRow> ReadRowsAsync(CancellationToken cancellationToken);
}

public sealed record ImportLimits(int MaxRows, int MaxCellCharacters, int MaxColumns, int MaxXlsxEntries, long MaxXlsxUncompressedBytes, int MaxXlsxCompressionRatio)
{
    /// <summary>Header names are names, not data; the batch keeps them with its mapping.</summary>
    public const int MaxColumnNameCharacters = 200;

    public static ImportLimits From(ImportOptions options) => new(options.MaxRows, options.MaxCellCharacters, options.MaxColumns,
        options.MaxXlsxEntries, options.MaxXlsxUncompressedBytes, options.MaxXlsxCompressionRatio);

    /// <summary>What an XLSX file, a ZIP, may hold before a spreadsheet library opens it.</summary>
    public ZipLimits Xlsx => new(MaxXlsxEntries, MaxXlsxUncompressedBytes, MaxXlsxCompressionRatio);

    public void CheckCell(long row, string column, string? value)
    {
        if (value is null)
        {
            return;
        }
        if (value.Length > MaxCellCharacters)
        {
            throw new ImportFileException(ImportProblems.CellTooLarge(row, column, MaxCellCharacters));
        }
        if (value.Contains('\0'))
        {
            throw new ImportFileException(ImportProblems.InvalidEncoding($"Row {row} holds NUL characters: the file looks like UTF-16 without a byte order mark."));
        }
    }

    public void CheckRowCount(long dataRows)
    {
        if (dataRows > MaxRows)
        {
            throw new ImportFileException(ImportProblems.TooManyRows(MaxRows));
        }
    }

    public IReadOnlyList<string> CheckColumns(IReadOnlyList<string> columns)
    {
        if (columns.Count == 0)
        {
            throw new ImportFileException(ImportProblems.Empty);
        }
        if (columns.Count > MaxColumns)
        {
            throw new ImportFileException(ImportProblems.TooManyColumns(MaxColumns));
        }
        var named = columns.Select((name, index) => string.IsNullOrWhiteSpace(name) ? $"column{index + 1}" : name.Trim()).ToList();
        if (named.FirstOrDefault(name => name.Length > MaxColumnNameCharacters) is { } tooLong)
        {
            throw new ImportFileException(ImportProblems.CellTooLarge(1, tooLong[..20] + "…", MaxColumnNameCharacters));
        }
        foreach (var name in named)
        {
            CheckCell(1, name, name);
        }
        if (named.GroupBy(name => name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(group => group.Count() > 1) is { } twice)
        {
            throw new ImportFileException(ImportProblems.DuplicateColumn(twice.Key));
        }
        return named;
    }
}

public static class ImportReaders
{
    /// <summary>The format of an upload from its content type, else its file name; null when neither says one the hub reads.</summary>
    public static ImportFormat? Detect(string? contentType, string? fileName)
    {
        var media = contentType?.Split(';')[0].Trim().ToLowerInvariant();
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        return (media, extension) switch
        {
            ("text/csv", _) or ("application/csv", _) or (_, ".csv") => ImportFormat.Csv,
            ("application/json", _) or (_, ".json") => ImportFormat.Json,
            ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", _) or (_, ".xlsx") => ImportFormat.Xlsx,
            _ => null,
        };
    }

    public static IImportReader Open(ImportFormat format, Stream content, ImportLimits limits) => format switch
    {
        ImportFormat.Csv => new CsvImportReader(content, limits),
        ImportFormat.Json => new JsonImportReader(content, limits),
        _ => new XlsxImportReader(content, limits),
    };
}
