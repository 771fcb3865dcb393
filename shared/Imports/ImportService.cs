using DataGovernance.Downloads;
using DataGovernance.Exports;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using Microsoft.Extensions.Options;

namespace DataGovernance.Imports;

/// <summary>What a client sends to validate a batch; anything left out comes from the template, then from the suggestion and the settings.</summary>
public sealed record ImportValidationRequest(
    Dictionary<string, string>? Mapping,
    string? TemplateId,
    Dictionary<string, Dictionary<string, string>>? ValueMaps,
    string? KeyField,
    string? PhoneRegion,
    bool? DayFirst);

/// <summary>What a client sends to commit a validated batch.</summary>
public sealed record ImportCommitRequest(bool? SkipInvalidRows);

/// <summary>
/// Uploads, dry runs and the rules of committing and rolling back import batches. Uploads are streamed to blob storage
/// and stopped at the size limit; only the header is read then. A validation reads the whole file and changes no record.
/// </summary>
public sealed class ImportService(
    ImportBatchStore batches, ImportFiles files, ImportValidation validation, MappingTemplateStore templates, RecordStore records,
    DownloadLinks links, IOptions<ImportOptions> options, TimeProvider clock, ImportRollbackHolds heldRecords)
{
    private ImportLimits Limits => ImportLimits.From(options.Value);

    public async Task<Result<ImportBatch>> UploadAsync(
        string tenantId, string? collection, string? fileName, string? contentType, Stream content, Actor actor, CancellationToken cancellationToken)
    {
        if (collection is null || Collections.Find(collection) is not { } schema)
        {
            return Failure.BadRequest("unknown-collection", $"Say which collection to import into: ?collection= one of {string.Join(", ", Collections.Names)}.");
        }
        var name = string.IsNullOrWhiteSpace(fileName) ? "upload" : Path.GetFileName(fileName.Trim());
        if (name.Length > 255)
        {
            return Failure.BadRequest("invalid-parameter", "fileName may hold at most 255 characters.");
        }
        if (ImportReaders.Detect(contentType, name) is not { } format)
        {
            var what = contentType?.Contains("xml", StringComparison.OrdinalIgnoreCase) == true || name.EndsWith(".xml", StringComparison.OrdinalIgnoreCase)
                ? "XML is not an import format."
                : "The content type and file name name no import format.";
            return ImportProblems.UnsupportedFormat(what);
        }
        var now = clock.GetUtcNowForStorage();
        var id = Guid.CreateVersion7(now).ToString("N");
        var (stored, length) = await files.UploadAsync(tenantId, id, content, options.Value.MaxUploadBytes, cancellationToken);
        if (!stored)
        {
            return ImportProblems.TooLarge(options.Value.MaxUploadBytes);
        }
        IReadOnlyList<string> columns;
        try
        {
            await using var upload = await files.OpenReadAsync(tenantId, id, ImportFiles.UploadName, cancellationToken);
            await using var reader = ImportReaders.Open(format, upload, Limits);
            columns = await reader.ReadColumnsAsync(cancellationToken);
        }
        catch (ImportFileException ex)
        {
            await files.DeleteBatchFilesAsync(tenantId, id, CancellationToken.None);
            return ex.Failure;
        }
        var batch = new ImportBatch(id, schema.Name, format, name, length, ImportStatus.Uploaded, columns, ColumnMapping.Suggest(schema, columns),
            null, ImportCounts.None, [], actor.Id, now);
        return await batches.AddAsync(tenantId, batch, cancellationToken);
    }

    public async Task<Result<ImportBatch>> GetAsync(string tenantId, string id, CancellationToken cancellationToken) =>
        await batches.GetAsync(tenantId, id, cancellationToken) is { } found ? found.Batch : NotFound(id);

    public async Task<Result<Page<ImportBatch>>> ListAsync(string tenantId, ImportStatus? status, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("imports", tenantId, status);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await batches.ListAsync(tenantId, status?.ToString(), pageSize, sdkToken, cancellationToken);
        return new Page<ImportBatch>(items, ContinuationToken.Encode(next, scope));
    }

    /// <summary>The dry run: cleanses and checks every row, writes the report, and changes no record.</summary>
    public async Task<Result<ImportBatch>> ValidateAsync(string tenantId, string id, ImportValidationRequest request, CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(tenantId, id, cancellationToken) is not { Batch: var batch })
        {
            return NotFound(id);
        }
        if (batch.FilesDeletedAt is not null)
        {
            return ImportFileRetention.FilesDeleted(batch);
        }
        if (batch.Status is not (ImportStatus.Uploaded or ImportStatus.Validated or ImportStatus.Failed))
        {
            return Failure.Conflict("import-not-validatable", $"The import is {batch.Status}; only an uploaded, validated or failed import can be validated.");
        }
        var settings = await SettingsAsync(tenantId, batch, request, cancellationToken);
        if (!settings.Succeeded)
        {
            return settings.Failure;
        }
        ValidationReport report;
        var validationId = Guid.NewGuid().ToString("N");
        try
        {
            report = await validation.RunAsync(tenantId, batch, settings.Value, Limits, validationId, cancellationToken);
        }
        catch (ImportFileException ex)
        {
            await files.DeleteValidationAsync(tenantId, id, new ValidationFiles(validationId, 0, ""), CancellationToken.None);
            return ex.Failure;
        }
        var now = clock.GetUtcNowForStorage();
        var updated = await batches.UpdateAsync(tenantId, id, current => current.Version == batch.Version
            ? current with
            {
                Status = ImportStatus.Validated, Settings = settings.Value, Counts = report.Counts, Errors = report.FirstErrors, ValidatedAt = now,
                FailureReason = null, Validation = report.Files,
            }
            : current, cancellationToken);
        if (updated?.Validation != report.Files)
        {
            // Another request changed the batch meanwhile (a validation or a commit): this one's files are not its.
            await files.DeleteValidationAsync(tenantId, id, report.Files, CancellationToken.None);
            return updated is null ? NotFound(id) : StateChanged;
        }
        if (batch.Validation is { } replaced)
        {
            await files.DeleteValidationAsync(tenantId, id, replaced, CancellationToken.None);
        }
        return updated;
    }

    /// <summary>An expiring link to the full error report (CSV: row, column, code, message) of the last validation.</summary>
    public async Task<Result<DownloadLink>> ErrorReportLinkAsync(string tenantId, string id, Actor actor, CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(tenantId, id, cancellationToken) is not { Batch: var batch })
        {
            return NotFound(id);
        }
        if (batch.FilesDeletedAt is not null)
        {
            return ImportFileRetention.FilesDeleted(batch);
        }
        if (batch.Validation is not { } validated || !await files.ExistsAsync(tenantId, id, validated.ErrorReportName, cancellationToken))
        {
            return Failure.Conflict("import-not-validated", "Validate the import first; the report comes from its validation.");
        }
        return links.Create(new DownloadTarget(tenantId, StorageNames.ImportsContainer, ImportFiles.BlobName(tenantId, id, validated.ErrorReportName),
            $"import-{id}-errors.csv", SafeCsv.MediaType, "import-errors"), actor);
    }

    /// <summary>
    /// Marks a batch as committing or rolling back if its state allows it, as a new run that replaces the records' current
    /// generation; the caller then starts the orchestration.
    /// </summary>
    public async Task<Result<ImportBatch>> BeginAsync(
        string tenantId, string id, ImportRunKind kind, bool skipInvalidRows, Actor actor, CancellationToken cancellationToken)
    {
        if (await batches.GetAsync(tenantId, id, cancellationToken) is not { Batch: var batch })
        {
            return NotFound(id);
        }
        if (BeginRefusal(batch, kind, skipInvalidRows) is { } refused)
        {
            return refused;
        }
        var head = await records.GetHeadAsync(tenantId, cancellationToken);
        if (head.FrozenBy is not null)
        {
            return Failure.Conflict("records-busy", "A restore or another import is changing the tenant's records; try again when it has finished.");
        }
        if (kind == ImportRunKind.Rollback && await ChangedSinceImportAsync(tenantId, batch, cancellationToken) is { } changed)
        {
            return Failure.Conflict("import-records-changed", $"{changed} records of this import were changed after it; a rollback would lose those changes, so it removes nothing.");
        }
        if (kind == ImportRunKind.Rollback && await heldRecords.RefusalAsync(tenantId, batch, cancellationToken) is { } held)
        {
            return held;
        }
        var run = new ImportRun(Guid.NewGuid().ToString("N"), kind, head.Generation, actor.Id, clock.GetUtcNowForStorage());
        var status = kind == ImportRunKind.Commit ? ImportStatus.Committing : ImportStatus.RollingBack;
        var begun = await batches.UpdateAsync(tenantId, id, current => current.Version == batch.Version
            ? current with { Status = status, Run = run, FailureReason = null }
            : current, cancellationToken);
        return begun?.Run?.Id == run.Id ? begun! : StateChanged;
    }

    private static Failure? BeginRefusal(ImportBatch batch, ImportRunKind kind, bool skipInvalidRows)
    {
        if (kind == ImportRunKind.Rollback)
        {
            return batch.Status == ImportStatus.Committed ? null : Failure.Conflict("import-not-committed", $"The import is {batch.Status}; only a committed import can be rolled back.");
        }
        if (batch.FilesDeletedAt is not null)
        {
            return ImportFileRetention.FilesDeleted(batch);
        }
        if (batch.Status is not (ImportStatus.Validated or ImportStatus.Failed) || batch.Validation is null)
        {
            return Failure.Conflict("import-not-validated", $"The import is {batch.Status}; validate it (a dry run) before committing.");
        }
        if (batch.Counts.Invalid > 0 && !skipInvalidRows)
        {
            return Failure.Conflict("import-has-errors", $"{batch.Counts.Invalid} rows have errors; fix the file, or commit with skipInvalidRows to import only the valid rows.");
        }
        return batch.Counts.Valid == 0 ? Failure.Conflict("import-nothing-to-commit", "No row of the import is valid.") : null;
    }

    private async Task<int?> ChangedSinceImportAsync(string tenantId, ImportBatch batch, CancellationToken cancellationToken)
    {
        var generation = await records.GetGenerationAsync(tenantId, cancellationToken);
        var changed = 0;
        var (first, last) = ImportBatch.RecordIdRange(batch.Id);
        await foreach (var record in records.ScanRangeAsync(tenantId, generation, batch.Collection, first, last, cancellationToken))
        {
            changed += record.Version == 1 ? 0 : 1;
        }
        return changed == 0 ? null : changed;
    }

    private async Task<Result<ImportSettings>> SettingsAsync(string tenantId, ImportBatch batch, ImportValidationRequest request, CancellationToken cancellationToken)
    {
        var schema = Collections.Find(batch.Collection)!;
        MappingTemplate? template = null;
        if (request.TemplateId is { } templateId)
        {
            template = (await templates.GetAsync(tenantId, templateId, cancellationToken))?.Template;
            if (template is null || template.Collection != batch.Collection)
            {
                return Failure.Validation(FieldErrors.Of("templateId", $"There is no mapping template '{templateId}' for {batch.Collection}."));
            }
        }
        IReadOnlyDictionary<string, string> mapping = request.Mapping ?? template?.Columns.Where(pair => batch.Columns.Contains(pair.Key)).ToDictionary() ?? batch.SuggestedMapping;
        if (ColumnMapping.Check(schema, mapping, batch.Columns) is { } invalid)
        {
            return invalid;
        }
        var valueMapErrors = new FieldErrors();
        MappingTemplateService.CheckValueMaps(schema, request.ValueMaps ?? [], valueMapErrors);
        if (valueMapErrors.Any)
        {
            return Failure.Validation(valueMapErrors);
        }
        var valueMaps = new Dictionary<string, IReadOnlyDictionary<string, string>>(template?.ValueMaps ?? new Dictionary<string, IReadOnlyDictionary<string, string>>(), StringComparer.Ordinal);
        foreach (var (field, map) in request.ValueMaps ?? [])
        {
            valueMaps[field] = map;
        }
        var keyField = request.KeyField ?? template?.KeyField;
        if (keyField is not null && (schema.Find(keyField) is not { } keySpec || !ImportCleansing.CanBeKey(keySpec) || !mapping.Values.Contains(keyField)))
        {
            return Failure.Validation(FieldErrors.Of("keyField", "Must be a single-valued field that the mapping fills."));
        }
        var region = (request.PhoneRegion ?? template?.PhoneRegion ?? options.Value.DefaultPhoneRegion).ToUpperInvariant();
        if (!PhoneNumbers.PhoneNumberUtil.GetInstance().GetSupportedRegions().Contains(region))
        {
            return Failure.Validation(FieldErrors.Of("phoneRegion", "Must be a region code such as DE, GB or US."));
        }
        return new ImportSettings(mapping, valueMaps, keyField, region, request.DayFirst ?? template?.DayFirst ?? true, template?.Id);
    }

    private static Failure NotFound(string id) => Failure.NotFound($"There is no import '{id}'.");

    private static Failure StateChanged => Failure.Conflict("import-state-changed", "The import changed meanwhile; read it again.");
}
