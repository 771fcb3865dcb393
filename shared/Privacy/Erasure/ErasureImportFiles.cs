using DataGovernance.Imports;

namespace DataGovernance.Privacy;

/// <summary>
/// The erasure's step for import files. Uploads, the rows a validation accepted and error reports are working copies that
/// may hold the subject, and nothing says whose data a file holds without reading it; so an erasure deletes the files of
/// every import of the tenant, except those a commit or rollback is reading at that moment (named in the erasure and its
/// certificate; file retention deletes them later). The batches stay, marked <c>filesDeletedAt</c>: a rollback still works,
/// an import not yet committed is uploaded again.
/// </summary>
public sealed class ErasureImportFiles(ErasureStore store, ImportFileRetention importFiles)
{
    public async Task<ErasedImportFiles> DeleteAsync(string tenantId, string requestId, CancellationToken cancellationToken)
    {
        var deleted = await importFiles.DeleteAllAsync(tenantId, cancellationToken);
        var erasure = await store.UpdateAsync(tenantId, requestId, current => current with
        {
            ImportFiles = new ErasedImportFiles((current.ImportFiles?.Imports ?? 0) + deleted.Batches, deleted.KeptWhileRunning),
        }, cancellationToken);
        return erasure.ImportFiles!;
    }

    /// <summary>How the certificate states it.</summary>
    public static string Describe(ErasedImportFiles? files) => files switch
    {
        null => "Not reached.",
        { KeptWhileRunning.Count: 0 } => $"Deleted the files of {files.Imports} import(s) (uploads, validated rows, error reports); the imports keep their record.",
        _ => $"Deleted the files of {files.Imports} import(s) (uploads, validated rows, error reports); kept those of {string.Join(", ", files.KeptWhileRunning)}, " +
            "which a commit or rollback was reading, until import file retention deletes them.",
    };
}
