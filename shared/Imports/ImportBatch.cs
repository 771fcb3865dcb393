using System.Text.Json.Serialization;

namespace DataGovernance.Imports;

public enum ImportFormat
{
    Csv,
    Xlsx,
    Json,
}

public enum ImportStatus
{
    /// <summary>Stored; its columns are known, nothing was checked yet.</summary>
    Uploaded,

    /// <summary>Checked (a dry run): the report says what a commit would import.</summary>
    Validated,
    Committing,
    Committed,

    /// <summary>The commit failed and left the records as they were.</summary>
    Failed,
    RollingBack,
    RolledBack,
}

/// <summary>How one validation read the file: which column feeds which field, and how values are cleansed and de-duplicated.</summary>
/// <param name="Mapping">Column of the file → field of the collection; columns not named are ignored.</param>
/// <param name="ValueMaps">Field → (value in the file → value of the field), applied before enum values are matched.</param>
/// <param name="KeyField">Rows with the same value of this field are duplicates: the first one counts, as does a record that already has it.</param>
/// <param name="DayFirst">Whether 03/04/2024 is the 3rd of April (true) or March 4th (false).</param>
public sealed record ImportSettings(
    IReadOnlyDictionary<string, string> Mapping,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> ValueMaps,
    string? KeyField,
    string PhoneRegion,
    bool DayFirst,
    string? TemplateId);

public sealed record ImportCounts(int Rows, int Valid, int Invalid, int Duplicates, int Imported)
{
    public static readonly ImportCounts None = new(0, 0, 0, 0, 0);
}

/// <summary>One problem of one row: the row as a spreadsheet numbers it (header = 1), the column of the file, a stable code.</summary>
public sealed record ImportRowError(long Row, string? Column, string Code, string Message);

/// <summary>One uploaded file on its way into a collection, and what became of it.</summary>
public sealed record ImportBatch(
    string Id,
    string Collection,
    ImportFormat Format,
    string FileName,
    long SizeBytes,
    ImportStatus Status,
    IReadOnlyList<string> Columns,
    IReadOnlyDictionary<string, string> SuggestedMapping,
    ImportSettings? Settings,
    ImportCounts Counts,
    IReadOnlyList<ImportRowError> Errors,
    string RequestedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ValidatedAt = null,
    DateTimeOffset? CommittedAt = null,
    DateTimeOffset? RolledBackAt = null,
    string? FailureReason = null,
    long? FirstSequence = null,
    long? LastSequence = null,
    ImportRun? Run = null,
    ValidationFiles? Validation = null,
    long Version = 1,
    DateTimeOffset? FilesDeletedAt = null)
{
    /// <summary>How many row errors the batch itself shows; the downloadable report has them all.</summary>
    public const int ErrorsShown = 20;

    /// <summary>Whether a commit or rollback is under way; its run may be reading the batch's files.</summary>
    [JsonIgnore]
    public bool IsRunning => Status is ImportStatus.Committing or ImportStatus.RollingBack;

    /// <summary>Whether <paramref name="runId"/> is the run under way: a step of any other run changes nothing.</summary>
    public bool IsInRun(string runId) => IsRunning && Run?.Id == runId;

    /// <summary>The id prefix of every record this batch creates: <c>{batch}-{row}</c>, so a retried commit writes the same rows.</summary>
    public static string RecordId(string batchId, long row) => $"{batchId}-{row:D7}";

    public static string RecordIdPrefix(string batchId) => $"{batchId}-";

    /// <summary>The first and last id a record of the batch can have: the range to scan for its records.</summary>
    public static (string First, string Last) RecordIdRange(string batchId) => (RecordId(batchId, 0), RecordId(batchId, 9_999_999));
}

/// <summary>
/// The commit or rollback a batch is in (or last was in). Its id names the orchestration and the freeze, so a step of an
/// earlier run that comes back late finds a different run and changes nothing.
/// </summary>
/// <param name="FromGeneration">The generation of the tenant's records when the run was requested; the run replaces that one or none.</param>
public sealed record ImportRun(string Id, ImportRunKind Kind, int FromGeneration, string RequestedBy, DateTimeOffset RequestedAt)
{
    public string FreezeId(string batchId) => $"import:{batchId}:{Id}";
}

/// <summary>
/// The files one validation wrote, named by its id: a later validation writes its own, so a commit reads exactly the rows
/// this one accepted. The commit checks their count and SHA-256 before anything becomes visible.
/// </summary>
public sealed record ValidationFiles(string Id, long ValidRows, string ValidRowsSha256)
{
    public string ValidRowsName => $"valid-rows-{Id}.jsonl";

    public string ErrorReportName => $"errors-{Id}.csv";
}

/// <summary>What a commit or rollback is asked to do.</summary>
public enum ImportRunKind
{
    Commit,
    Rollback,
}
