using DataGovernance.Outcomes;
using DataGovernance.Storage;

namespace DataGovernance.Imports;

/// <summary>A file an import cannot read at all; nothing of it is imported.</summary>
public sealed class ImportFileException(Failure failure) : Exception(failure.Detail)
{
    public Failure Failure { get; } = failure;
}

/// <summary>The problems of whole files, each with its stable code (docs/api.md).</summary>
public static class ImportProblems
{
    public static Failure TooLarge(long maxBytes) =>
        new(FailureKind.TooLarge, "import-too-large", $"An import file may hold at most {maxBytes} bytes.");

    public static Failure TooManyRows(int maxRows) =>
        new(FailureKind.TooLarge, "import-too-many-rows", $"An import may hold at most {maxRows} data rows; reading stopped at row {maxRows + 2}.");

    public static Failure TooManyColumns(int maxColumns) =>
        Failure.BadRequest("import-too-many-columns", $"An import file may have at most {maxColumns} columns.");

    public static Failure CellTooLarge(long row, string column, int maxCharacters) =>
        new(FailureKind.TooLarge, "import-cell-too-large", $"Row {row}, column '{column}': a cell may hold at most {maxCharacters} characters.");

    public static Failure UnsupportedFormat(string what) =>
        new(FailureKind.UnsupportedMediaType, "import-format-unsupported", $"{what} Send CSV (text/csv), XLSX or JSON (an array of objects).");

    public static Failure MalformedCsv(long record, string what) =>
        Failure.BadRequest("import-malformed-csv", $"The CSV is malformed near record {record}: {what}");

    public static Failure MalformedJson(string what) =>
        Failure.BadRequest("import-malformed-json", $"The JSON is not an array of flat objects: {what}");

    public static Failure MalformedXlsx(string what) =>
        Failure.BadRequest("import-malformed-xlsx", $"The XLSX file cannot be read: {what}");

    /// <summary>A directory that contradicts itself is a damaged file; every other refusal is about size, as a ZIP bomb's is.</summary>
    public static Failure XlsxRefused(ZipRefusedException refusal) => refusal.Reason == ZipRefusalReason.DirectoryMismatch
        ? MalformedXlsx(refusal.Message)
        : new(FailureKind.TooLarge, "import-xlsx-too-large", $"The XLSX file expands beyond what an import allows; it looks like a ZIP bomb. {refusal.Message}");

    public static Failure InvalidEncoding(string what) =>
        Failure.BadRequest("import-invalid-encoding", $"{what} Save the file as UTF-8 (or UTF-16 with a byte order mark) and upload it again.");

    public static Failure Empty { get; } = Failure.BadRequest("import-empty", "The file has no header row.");

    public static Failure DuplicateColumn(string column) =>
        Failure.BadRequest("import-duplicate-column", $"The column '{column}' appears more than once in the header.");
}
