using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Security.Cryptography;
using DataGovernance.Exports;
using DataGovernance.Privacy;
using DataGovernance.Records;

namespace DataGovernance.Imports;

/// <summary>What a validation found: the counts, the first row errors (the report blob has them all) and the files it wrote.</summary>
public sealed record ValidationReport(ImportCounts Counts, IReadOnlyList<ImportRowError> FirstErrors, ValidationFiles Files);

/// <summary>
/// The dry run: reads the whole upload once, streaming, cleanses every row, checks it as the record service would and
/// de-duplicates by the key field (within the file and against the collection). It writes the rows a commit would
/// import and the error report beside the upload, under names of its own (<see cref="ValidationFiles"/>); it writes no record.
/// </summary>
public sealed class ImportValidation(ImportFiles files, RecordStore records, IEnumerable<IRecordWriteCheck> writeChecks, DataGovernance.Privacy.ErasedSubjects erasedSubjects)
{
    public static readonly string[] ErrorColumns = ["row", "column", "code", "message"];

    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public async Task<ValidationReport> RunAsync(
        string tenantId, ImportBatch batch, ImportSettings settings, ImportLimits limits, string validationId, CancellationToken cancellationToken)
    {
        var names = new ValidationFiles(validationId, 0, "");
        var schema = Collections.Find(batch.Collection)!;
        var cleansing = new ImportCleansing(schema, settings);
        var keys = settings.KeyField is { } existingKey
            ? await ExistingKeysAsync(tenantId, batch.Collection, existingKey, cancellationToken)
            : new HashSet<string>(StringComparer.Ordinal);
        var erased = await ErasedSubjectScreen.ForAsync(erasedSubjects, tenantId, batch.Collection, settings, cancellationToken);
        var (rows, valid, invalid, duplicates) = (0, 0, 0, 0);
        var firstErrors = new List<ImportRowError>();

        await using var upload = await files.OpenReadAsync(tenantId, batch.Id, ImportFiles.UploadName, cancellationToken);
        await using var reader = ImportReaders.Open(batch.Format, upload, limits);
        await using var validRowsBlob = await files.OpenWriteAsync(tenantId, batch.Id, names.ValidRowsName, cancellationToken);
        await using var validRows = new HashingStream(validRowsBlob, leaveOpen: true);
        await using var errorReport = await files.OpenWriteAsync(tenantId, batch.Id, names.ErrorReportName, cancellationToken);
        await using var errors = SafeCsv.Create(errorReport);
        errors.WriteHeader(ErrorColumns);
        async Task ReportAsync(IEnumerable<ImportRowError> found)
        {
            foreach (var error in found)
            {
                if (firstErrors.Count < ImportBatch.ErrorsShown)
                {
                    firstErrors.Add(error);
                }
                errors.WriteField(error.Row.ToString(CultureInfo.InvariantCulture));
                errors.WriteField(error.Column);
                errors.WriteField(error.Code);
                errors.WriteField(error.Message);
                await errors.EndRecordAsync(cancellationToken);
            }
        }

        await foreach (var row in reader.ReadRowsAsync(cancellationToken))
        {
            rows++;
            var cleansed = cleansing.Cleanse(row);
            var refusal = cleansed.Document is { } document
                ? erased.Check(row.Number, document) ?? await RefusalAsync(tenantId, batch, row.Number, document, batch.CreatedAt, batch.RequestedBy, cancellationToken)
                : null;
            if (cleansed.Errors.Count > 0 || refusal is not null)
            {
                invalid++;
                await ReportAsync(refusal is null ? cleansed.Errors : [refusal]);
            }
            else if (settings.KeyField is { } keyField && KeyOf(cleansed.Document!.Value, keyField) is { } key && !keys.Add(key))
            {
                duplicates++;
                await ReportAsync([new ImportRowError(row.Number, settings.Mapping.First(pair => pair.Value == keyField).Key, "duplicate-key",
                    $"Another row or an existing record already has this {settings.KeyField}; the row is skipped.")]);
            }
            else
            {
                valid++;
                await validRows.WriteAsync(Encoding.UTF8.GetBytes($"{{\"row\":{row.Number},\"data\":{cleansed.Document!.Value.GetRawText()}}}"), cancellationToken);
                await validRows.WriteAsync(NewLine, cancellationToken);
            }
        }
        await errors.FlushAsync(cancellationToken);
        await validRows.FlushAsync(cancellationToken);
        return new ValidationReport(new ImportCounts(rows, valid, invalid, duplicates, 0), firstErrors, names with { ValidRows = valid, ValidRowsSha256 = validRows.Sha256() });
    }

    /// <summary>
    /// The rows a validation accepted, in file order. After the last row the file's count and SHA-256 are checked against
    /// what the validation recorded: a file that is short, longer or altered fails the reading, so a commit imports nothing.
    /// </summary>
    public async IAsyncEnumerable<ValidRow> ReadValidRowsAsync(
        string tenantId, string batchId, ValidationFiles validated, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var stream = await files.OpenReadAsync(tenantId, batchId, validated.ValidRowsName, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long count = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(line));
            hash.AppendData(NewLine);
            count++;
            using var parsed = JsonDocument.Parse(line);
            yield return new ValidRow(parsed.RootElement.GetProperty("row").GetInt64(), parsed.RootElement.GetProperty("data").Clone());
        }
        if (count != validated.ValidRows || Convert.ToHexStringLower(hash.GetHashAndReset()) != validated.ValidRowsSha256)
        {
            throw new ImportRunException($"The validated rows no longer match their validation ({count} rows read, {validated.ValidRows} validated); validate the import again.");
        }
    }

    private async Task<HashSet<string>> ExistingKeysAsync(string tenantId, string collection, string keyField, CancellationToken cancellationToken)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        await foreach (var record in records.ScanAsync(tenantId, generation, collection, cancellationToken))
        {
            if (KeyOf(record.Data, keyField) is { } key)
            {
                keys.Add(key);
            }
        }
        return keys;
    }

    public static string? KeyOf(JsonElement data, string keyField) =>
        data.TryGetProperty(keyField, out var value) && value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? (value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText()).ToLowerInvariant()
            : null;

    /// <summary>
    /// Other features' rules on record writes (cross-border transfers of vendors) apply to imported records too: at
    /// validation, and again at commit, since the rules may have changed in between.
    /// </summary>
    public async Task<ImportRowError?> RefusalAsync(
        string tenantId, ImportBatch batch, long row, JsonElement document, DateTimeOffset at, string actor, CancellationToken cancellationToken)
    {
        var record = new Record(ImportBatch.RecordId(batch.Id, row), batch.Collection, 1, document, at, actor, at, actor);
        foreach (var check in writeChecks)
        {
            if (await check.CheckAsync(tenantId, record, cancellationToken) is { } failure)
            {
                return new ImportRowError(row, null, failure.Code, failure.Detail);
            }
        }
        return null;
    }
}

/// <summary>A row as a validation accepted it: its number in the file and its record document.</summary>
public sealed record ValidRow(long Row, JsonElement Data);
