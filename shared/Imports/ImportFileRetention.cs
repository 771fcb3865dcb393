using DataGovernance.Outcomes;
using DataGovernance.Storage;
using Microsoft.Extensions.Options;

namespace DataGovernance.Imports;

/// <summary>What deleting a tenant's import files did: how many batches had files deleted, and which batches kept theirs because a run was reading them.</summary>
public sealed record ImportFilesDeleted(int Batches, IReadOnlyList<string> KeptWhileRunning);

/// <summary>
/// How long import files live. The upload, the rows a validation accepted and the error report are working files full of
/// personal data: they are deleted <see cref="ImportOptions.FileRetention"/> after the batch's last activity, and by an
/// erasure. The batch itself stays, with <see cref="ImportBatch.FilesDeletedAt"/>: its counts, first errors and record
/// range remain, a rollback still works (it reads records, not files), and anything that needs the files is refused with
/// <c>import-files-deleted</c>.
/// </summary>
/// <remarks>
/// Files are deleted by listing the batch's prefix, so any blob a batch has counts, whatever its name. A batch being
/// committed or rolled back is left alone: its run may be reading them.
/// </remarks>
public sealed class ImportFileRetention(ImportBatchStore batches, ImportFiles files, IOptions<ImportOptions> options, TimeProvider clock)
{
    public static Failure FilesDeleted(ImportBatch batch) => Failure.Conflict("import-files-deleted",
        $"The files of this import were deleted at {batch.FilesDeletedAt:u} (import files are kept only for a while, and an erasure deletes them); " +
        "upload the file again to import it.");

    /// <summary>When anything last happened to the batch: its upload, validation, commit or rollback.</summary>
    public static DateTimeOffset LastActivity(ImportBatch batch) =>
        new[] { batch.CreatedAt, batch.ValidatedAt, batch.CommittedAt, batch.RolledBackAt }.Max() ?? batch.CreatedAt;

    /// <summary>Deletes the files of every tenant's batches whose last activity is older than the retention; the number of batches.</summary>
    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var cutoff = now - options.Value.FileRetention;
        var expired = 0;
        await foreach (var (tenantId, id) in batches.WithFilesAsync(cancellationToken))
        {
            if (await batches.GetAsync(tenantId, id, cancellationToken) is { Batch: var batch }
                && batch.FilesDeletedAt is null && !batch.IsRunning && LastActivity(batch) < cutoff)
            {
                await DeleteAsync(tenantId, batch, now, cancellationToken);
                expired++;
            }
        }
        return expired;
    }

    /// <summary>Deletes the files of every batch of the tenant that is not being committed or rolled back.</summary>
    public async Task<ImportFilesDeleted> DeleteAllAsync(string tenantId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var deleted = 0;
        var running = new List<string>();
        await foreach (var batch in batches.ScanAsync(tenantId, cancellationToken))
        {
            if (batch.IsRunning)
            {
                running.Add(batch.Id);
                continue;
            }
            // Also for a batch marked already: a repeat finds what an interrupted attempt left.
            deleted += await DeleteAsync(tenantId, batch, now, cancellationToken) > 0 ? 1 : 0;
        }
        return new ImportFilesDeleted(deleted, running);
    }

    /// <summary>
    /// Deletes the files, then marks the batch. The mark is set whatever the batch's state is by then: a commit that began
    /// meanwhile finds no files and fails, leaving the records as they were, and the mark says why.
    /// </summary>
    private async Task<int> DeleteAsync(string tenantId, ImportBatch batch, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var deleted = await files.DeleteBatchFilesAsync(tenantId, batch.Id, cancellationToken);
        if (batch.FilesDeletedAt is null)
        {
            await batches.UpdateAsync(tenantId, batch.Id, current => current.FilesDeletedAt is null ? current with { FilesDeletedAt = now } : current, cancellationToken);
        }
        return deleted;
    }
}
