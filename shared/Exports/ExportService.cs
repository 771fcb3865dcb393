using DataGovernance.Classification;
using DataGovernance.Downloads;
using DataGovernance.Outcomes;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Storage;
using DataGovernance.Views;
using Microsoft.Extensions.Options;

namespace DataGovernance.Exports;

/// <summary>
/// Starts export jobs (an orchestration each) and reads their state. A request is checked whole before a job exists:
/// source, fields, who may see restricted fields, and the destination under the cross-border rules.
/// </summary>
public sealed class ExportService(
    ExportStore store, DataViewService views, ExportMasking masking, CrossBorderService crossBorder, IExportStarter starter,
    DownloadLinks links, IOptions<ExportOptions> options, TimeProvider clock)
{
    /// <summary>Starts an export with restricted fields masked (callers without a person behind them).</summary>
    public Task<Result<DataExport>> StartAsync(string tenantId, ExportRequest request, WriteContext context, CancellationToken cancellationToken) =>
        StartAsync(tenantId, request, unmasked: false, context, cancellationToken);

    /// <summary>Starts an export for <paramref name="caller"/>: unmasked only when they hold <see cref="Permission.ExportsUnmasked"/>.</summary>
    public Task<Result<DataExport>> StartAsync(string tenantId, ExportRequest request, Caller caller, WriteContext context, CancellationToken cancellationToken) =>
        StartAsync(tenantId, request, caller.Has(Permission.ExportsUnmasked), context, cancellationToken);

    /// <summary>
    /// Starts a masked export under <paramref name="exportId"/>, chosen by the caller, once: when that export exists already
    /// it is returned (its job started again if it is still pending, in case an interruption lost that start), so a repeated
    /// step of a workflow does not start a second one.
    /// </summary>
    public async Task<Result<DataExport>> StartOnceAsync(string tenantId, string exportId, ExportRequest request, WriteContext context, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, exportId, cancellationToken) is not { } started)
        {
            return await StartAsync(tenantId, request, unmasked: false, context, cancellationToken, exportId);
        }
        if (started.Status == ExportStatus.Pending)
        {
            try
            {
                await starter.StartAsync(started, cancellationToken);
            }
            catch (InvalidOperationException)
            {
                // Its job was started before.
            }
        }
        return started;
    }

    public Task<Result<DataExport>> GetAsync(string tenantId, string exportId, CancellationToken cancellationToken) =>
        GetAsync(tenantId, exportId, viewer: null, cancellationToken);

    /// <summary>The job, with a fresh download link issued to <paramref name="viewer"/> (the requester when null) while it is completed.</summary>
    public async Task<Result<DataExport>> GetAsync(string tenantId, string exportId, Actor? viewer, CancellationToken cancellationToken) =>
        await FindAsync(tenantId, exportId, cancellationToken) is { } found
            ? await ShowAsync(found, viewer ?? new Actor(found.RequestedBy), withLink: true, cancellationToken)
            : NotFound(exportId);

    /// <summary>
    /// The job as <paramref name="caller"/> sees it: a fresh download link while it is completed, except that an unmasked
    /// export's link goes only to callers who hold <see cref="Permission.ExportsUnmasked"/> (others get <see cref="DataExport.DownloadWithheld"/>).
    /// </summary>
    public async Task<Result<DataExport>> GetAsync(string tenantId, string exportId, Caller caller, CancellationToken cancellationToken)
    {
        if (await FindAsync(tenantId, exportId, cancellationToken) is not { } found)
        {
            return NotFound(exportId);
        }
        var mayDownload = !found.Unmasked || caller.Has(Permission.ExportsUnmasked);
        var shown = await ShowAsync(found, caller.Actor, withLink: mayDownload, cancellationToken);
        return !mayDownload && shown.Status == ExportStatus.Completed ? shown with { DownloadWithheld = UnmaskedDownloadWithheld } : shown;
    }

    /// <summary>Why a completed export comes without a download link: it is unmasked and the caller may not see restricted fields.</summary>
    public const string UnmaskedDownloadWithheld = "unmasked-export-requires-exports-unmasked";

    /// <summary>The tenant's exports, oldest first.</summary>
    public async Task<Result<Page<DataExport>>> ListAsync(string tenantId, int pageSize, string? continuationToken, CancellationToken cancellationToken)
    {
        var scope = ContinuationToken.Scope("exports", tenantId);
        if (!ContinuationToken.TryDecode(continuationToken, scope, out var sdkToken))
        {
            return Failure.InvalidContinuationToken;
        }
        var (items, next) = await store.ListAsync(tenantId, pageSize, sdkToken, cancellationToken);
        var shown = new List<DataExport>(items.Count);
        foreach (var item in items)
        {
            shown.Add(await ShowAsync(item, new Actor(item.RequestedBy), withLink: false, cancellationToken));
        }
        return new Page<DataExport>(shown, ContinuationToken.Encode(next, scope));
    }

    private async Task<Result<DataExport>> StartAsync(
        string tenantId, ExportRequest request, bool unmasked, WriteContext context, CancellationToken cancellationToken, string? exportId = null)
    {
        var source = await ResolveQueryAsync(tenantId, request, cancellationToken);
        if (!source.Succeeded)
        {
            return source.Failure;
        }
        var query = source.Value.ToViewQuery();
        var resolved = source.Value with { Fields = query.Fields };
        var restricted = unmasked ? new HashSet<string>() : await masking.RestrictedFieldsAsync(tenantId, query.Collection, cancellationToken);
        if (RestrictedUse(resolved, restricted) is { } refused)
        {
            return refused;
        }
        TransferStatus? transfer = null;
        if (request.Destination is { } destination)
        {
            var categories = await masking.TransferCategoriesAsync(tenantId, query.Collection, query.Fields.Except(restricted), cancellationToken);
            var decision = await crossBorder.CheckDestinationAsync(tenantId, categories, destination.Country ?? "", destination.TransferMechanism, cancellationToken);
            if (!decision.Succeeded)
            {
                return Destination(decision.Failure);
            }
            transfer = decision.Value.Status;
        }
        var now = clock.GetUtcNowForStorage();
        var export = new DataExport(exportId ?? DataExport.NewId(now), tenantId, request, ExportStatus.Pending, context.Actor.Id, now)
        {
            Collection = query.Collection,
            Unmasked = unmasked,
            MaskedFields = [.. query.Fields.Where(restricted.Contains)],
            RestrictedFields = [.. restricted.Order(StringComparer.Ordinal)],
            Query = resolved,
            Transfer = transfer,
        };
        await store.AddAsync(tenantId, export, cancellationToken);
        try
        {
            await starter.StartAsync(export, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            await FailAsync(tenantId, export.Id, "The export could not be started.", CancellationToken.None);
            throw;
        }
        return export;
    }

    /// <summary>The query a request exports: its view's, or the collection with the fields asked for; validation failures otherwise.</summary>
    public async Task<Result<ViewQuery>> ResolveAsync(string tenantId, ExportRequest request, CancellationToken cancellationToken)
    {
        var resolved = await ResolveQueryAsync(tenantId, request, cancellationToken);
        return resolved.Succeeded ? resolved.Value.ToViewQuery() : resolved.Failure;
    }

    private async Task<Result<ExportQuery>> ResolveQueryAsync(string tenantId, ExportRequest request, CancellationToken cancellationToken)
    {
        if ((request.Collection is null) == (request.ViewId is null))
        {
            return Failure.BadRequest("invalid-export-source", "Name exactly one of collection and viewId.",
                FieldErrors.Of("collection", "Exactly one of collection and viewId."));
        }
        if (request.ViewId is { } viewId)
        {
            if (request.Fields is { Count: > 0 })
            {
                return Failure.BadRequest("invalid-export-source", "A view brings its own fields.", FieldErrors.Of("fields", "Leave out with viewId."));
            }
            return await views.FindViewAsync(tenantId, viewId, cancellationToken) is { } view
                ? ExportQuery.Of(view)
                : new Failure(FailureKind.Validation, "unknown-view", $"There is no view '{viewId}'.", FieldErrors.Of("viewId", "No such view.").ToDictionary());
        }
        if (DataViewValidator.Schema(request.Collection) is not { } schema)
        {
            return DataViewValidator.UnknownCollection(request.Collection);
        }
        var (errors, unknown) = (new FieldErrors(), new FieldErrors());
        DataViewValidator.CheckProjection(schema, request.Fields ?? [], "fields", errors, unknown);
        if (unknown.Any)
        {
            return new Failure(FailureKind.Validation, "unknown-field", "The export names fields the collection does not have.", unknown.ToDictionary());
        }
        return errors.Any ? Failure.Validation(errors) : new ExportQuery(schema.Name, [], request.Fields ?? [], []);
    }

    /// <summary>Marks the job running (a retried step may find it running already).</summary>
    public Task<DataExport?> MarkRunningAsync(string tenantId, string exportId, CancellationToken cancellationToken) =>
        store.UpdateAsync(tenantId, exportId, export => export.Status is ExportStatus.Pending or ExportStatus.Running
            ? export with { Status = ExportStatus.Running }
            : null, cancellationToken);

    /// <summary>
    /// Records the file an attempt wrote, unless another attempt completed the job first; then deletes the job's other files,
    /// so the stored SHA-256 always describes the one file kept.
    /// </summary>
    public async Task<DataExport?> CompleteAsync(string tenantId, string exportId, ExportFile file, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var done = await store.UpdateAsync(tenantId, exportId, export => export.Status is ExportStatus.Pending or ExportStatus.Running ? export with
        {
            Status = ExportStatus.Completed, RecordCount = file.Records, Bytes = file.Bytes, Sha256 = file.Sha256, CompletedAt = now,
            ExpiresAt = now.Add(options.Value.Retention), FailureReason = null, FileAttempt = file.Attempt,
        } : null, cancellationToken);
        if (done is not null)
        {
            await store.DeleteFilesAsync(done, done.Status == ExportStatus.Completed ? done.BlobName : null, cancellationToken);
        }
        return done;
    }

    /// <summary>Ends a job that has not completed as Failed, deleting any file an attempt left; a completed job stays as it is.</summary>
    public async Task<DataExport?> FailAsync(string tenantId, string exportId, string reason, CancellationToken cancellationToken)
    {
        var failed = await store.UpdateAsync(tenantId, exportId, export => export.Status is ExportStatus.Pending or ExportStatus.Running
            ? export with { Status = ExportStatus.Failed, FailureReason = reason, CompletedAt = clock.GetUtcNowForStorage() }
            : null, cancellationToken);
        if (failed is { Status: ExportStatus.Failed })
        {
            await store.DeleteFilesAsync(failed, keep: null, cancellationToken);
        }
        return failed;
    }

    /// <summary>The job for its writer; null when it does not exist.</summary>
    public async Task<DataExport?> FindAsync(string tenantId, string exportId, CancellationToken cancellationToken) =>
        RecordService.IsValidId(exportId) ? await store.GetAsync(tenantId, exportId, cancellationToken) : null;

    /// <summary>The job as callers see it: expired once past its expiry (the file deleted then), with a fresh link while completed.</summary>
    private async Task<DataExport> ShowAsync(DataExport export, Actor viewer, bool withLink, CancellationToken cancellationToken)
    {
        if (export.Status == ExportStatus.Completed && export.ExpiresAt <= clock.GetUtcNow())
        {
            return await store.ExpireAsync(export, cancellationToken);
        }
        if (export.Status != ExportStatus.Completed || !withLink)
        {
            return export;
        }
        var link = links.Create(new DownloadTarget(export.TenantId, StorageNames.ExportsContainer, export.BlobName, export.FileName,
            ExportFiles.ContentType(export.Request.Format), "data-export"), viewer, notAfter: export.ExpiresAt);
        return export with { DownloadUrl = link.Url, DownloadExpiresAt = link.ExpiresAt };
    }

    /// <summary>
    /// A masked export of a view filtered or sorted on a restricted field would still leak it through which rows appear
    /// and their order: refused.
    /// </summary>
    private static Failure? RestrictedUse(ExportQuery query, IReadOnlySet<string> restricted)
    {
        var errors = new FieldErrors();
        foreach (var condition in query.Filter.Where(condition => restricted.Contains(TopLevel(condition.Field))))
        {
            errors.Add("viewId", $"The view filters on '{condition.Field}', which this export masks.");
        }
        foreach (var by in query.Sort.Where(by => restricted.Contains(TopLevel(by.Field))))
        {
            errors.Add("viewId", $"The view sorts by '{by.Field}', which this export masks.");
        }
        return errors.Any
            ? new Failure(FailureKind.Validation, "view-uses-masked-field",
                "The view filters or sorts on a field this export masks; export another view or ask someone who holds exports.unmasked.", errors.ToDictionary())
            : null;
    }

    private static string TopLevel(string fieldPath) => fieldPath.Split('.', '[')[0];

    /// <summary>The cross-border failure with its field errors under <c>destination.…</c>.</summary>
    private static Failure Destination(Failure failure) => failure with
    {
        Errors = failure.Errors?.ToDictionary(pair => pair.Key switch
        {
            "transferMechanism" => "destination.transferMechanism",
            "country" => "destination.country",
            var other => $"destination.{other}",
        }, pair => pair.Value),
    };

    private static Failure NotFound(string id) => Failure.NotFound($"There is no export '{id}'.");
}
