using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Views;
using Microsoft.Extensions.Options;

namespace DataGovernance.Exports;

/// <summary>
/// Writes an export job's file: the records of its source (a view's filter and order, spilled to temporary files when
/// sorted) streamed in the job's format straight into the blob, hashed with SHA-256 as they are written, so memory does
/// not grow with the export, whatever its format. Every attempt writes a file of its own; the job keeps the one its completion records.
/// </summary>
public sealed class ExportJob(ExportService exports, ExportStore store, ViewRecords viewRecords, IOptions<ExportOptions> options)
{
    public async Task<ExportFile> WriteFileAsync(string tenantId, string exportId, CancellationToken cancellationToken)
    {
        var export = await exports.MarkRunningAsync(tenantId, exportId, cancellationToken)
            ?? throw new InvalidOperationException($"Export {exportId} of tenant {tenantId} does not exist.");
        if (export.Status != ExportStatus.Running)
        {
            throw new InvalidOperationException($"Export {exportId} is {export.Status}.");
        }
        // The query and the restricted fields were fixed when the export was requested; the view is not read again.
        var query = export.Query?.ToViewQuery() ?? throw new InvalidOperationException($"Export {exportId} has no recorded query.");
        var masked = export.RestrictedFields.Concat(export.MaskedFields).ToHashSet(StringComparer.Ordinal);
        // Each attempt writes its own blob, deleted when the attempt fails (the upload commits what it has when disposed, even on
        // an exception), so a failed job leaves no file and a duplicate attempt never replaces the file another one hashed.
        var attempt = Guid.NewGuid().ToString("N")[..12];
        var blob = store.File(export.AttemptBlobName(attempt));
        try
        {
            ExportFile file;
            await using (var upload = await blob.OpenWriteAsync(overwrite: true,
                new BlockBlobOpenWriteOptions { HttpHeaders = new BlobHttpHeaders { ContentType = ExportFiles.ContentType(export.Request.Format) } }, cancellationToken))
            {
                file = await WriteAsync(upload, tenantId, query, export.Request.Format, masked, cancellationToken);
            }
            return file with { Attempt = attempt };
        }
        catch
        {
            await blob.DeleteIfExistsAsync(cancellationToken: CancellationToken.None);
            throw;
        }
    }

    /// <summary>Writes the records <paramref name="query"/> selects to <paramref name="destination"/> in <paramref name="format"/>.</summary>
    public async Task<ExportFile> WriteAsync(
        Stream destination, string tenantId, ViewQuery query, ExportFormat format, IReadOnlySet<string> masked, CancellationToken cancellationToken)
    {
        await using var hashing = new HashingStream(destination, leaveOpen: true);
        var count = 0L;
        await using (var writer = ExportFiles.Open(format, hashing, masked))
        {
            await writer.BeginAsync(query.Collection, query.Fields, cancellationToken);
            await foreach (var record in viewRecords.StreamAsync(tenantId, query, options.Value.SortRunRecords, cancellationToken,
                record => ExportMasking.Shape(record, query.Fields, masked)))
            {
                await writer.WriteAsync(record, cancellationToken);
                count++;
            }
            await writer.EndAsync(cancellationToken);
        }
        await hashing.FlushAsync(cancellationToken);
        return new ExportFile(count, hashing.Written, hashing.Sha256());
    }
}

/// <summary>Starts the orchestration of an export job (the durable engine lives above this project).</summary>
public interface IExportStarter
{
    Task StartAsync(DataExport job, CancellationToken cancellationToken);
}
