using System.Text.Json;
using System.Text.Json.Nodes;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using Microsoft.Extensions.Options;

namespace DataGovernance.Evidence;

/// <summary>An evidence record's file as served: its bytes, and the name, type, size and hash the record gives it.</summary>
public sealed record EvidenceFileDownload(Stream Content, string FileName, string ContentType, long Size, string Sha256);

/// <summary>An upload as the client sends it: the body, and what its headers say about it.</summary>
public sealed record EvidenceFileUpload(Stream Content, string? ContentType, long? ContentLength, string? FileName, long? ExpectedVersion);

/// <summary>
/// The file of an evidence record: uploaded streamed and hashed (<see cref="EvidenceFileStore"/>), then named by the
/// record's <c>fileName</c>, <c>contentType</c>, <c>sizeBytes</c> and <c>sha256</c> in one record write, so the
/// change log shows who uploaded which bytes when.
/// </summary>
public sealed class EvidenceFileService(RecordService records, EvidenceFileStore files, IOptions<EvidenceFileOptions> options)
{
    private const int WriteAttempts = 3;

    public async Task<Result<Record>> UploadAsync(string tenantId, string recordId, EvidenceFileUpload upload, WriteContext context, CancellationToken cancellationToken)
    {
        var current = await records.GetAsync(tenantId, Collections.Evidence, recordId, allowCached: false, cancellationToken);
        if (!current.Succeeded)
        {
            return current.Failure;
        }
        if (upload.ExpectedVersion is { } expected && current.Value.Version != expected)
        {
            return Failure.PreconditionFailed($"The record is at version {current.Value.Version}, not {expected}.");
        }
        if (Check(upload) is { } refused)
        {
            return refused;
        }
        var contentType = MediaType(upload.ContentType)!;
        var staged = await files.StageAsync(tenantId, upload.Content, options.Value.MaxFileBytes, cancellationToken);
        if (staged is null)
        {
            return TooLarge();
        }
        try
        {
            await files.KeepAsync(tenantId, staged, contentType, cancellationToken);
        }
        finally
        {
            await files.DiscardAsync(staged, CancellationToken.None);
        }
        var fileName = EvidenceFileNames.Clean(upload.FileName) ?? $"evidence-{recordId}";
        var record = current.Value;
        for (var attempt = 1; ; attempt++)
        {
            var written = await records.ReplaceAsync(tenantId, Collections.Evidence, recordId, WithFile(record.Data, fileName, contentType, staged),
                record.Version, context, cancellationToken);
            // Without If-Match the caller asked for "whatever the record is now, with this file": another field's change may be merged in.
            if (written.Succeeded || upload.ExpectedVersion is not null || written.Failure.Kind != FailureKind.PreconditionFailed || attempt == WriteAttempts)
            {
                return written;
            }
            var reread = await records.GetAsync(tenantId, Collections.Evidence, recordId, allowCached: false, cancellationToken);
            if (!reread.Succeeded)
            {
                return reread.Failure;
            }
            record = reread.Value;
        }
    }

    public async Task<Result<EvidenceFileDownload>> DownloadAsync(string tenantId, string recordId, CancellationToken cancellationToken)
    {
        var record = await records.GetAsync(tenantId, Collections.Evidence, recordId, allowCached: true, cancellationToken);
        if (!record.Succeeded)
        {
            return record.Failure;
        }
        if (EvidenceFileFields.Of(record.Value) is not { } file)
        {
            return Failure.NotFound($"Evidence '{recordId}' has no file yet; upload one with PUT …/evidence/{recordId}/file.");
        }
        if (await files.OpenStoredAsync(tenantId, file.Sha256, cancellationToken) is not { } stored)
        {
            return Failure.NotFound($"The file of evidence '{recordId}' is missing from storage.");
        }
        // The record's contentType is any writer's say (records.write can set text/html); the blob's type was checked at upload.
        return new EvidenceFileDownload(stored.Content, file.FileName, stored.ContentType, file.SizeBytes, file.Sha256);
    }

    private Failure? Check(EvidenceFileUpload upload)
    {
        var allowed = options.Value.AllowedTypes();
        if (MediaType(upload.ContentType) is not { } type || !allowed.Contains(type))
        {
            return new Failure(FailureKind.UnsupportedMediaType, "unsupported-evidence-type",
                $"Evidence files may be of these types: {string.Join(", ", allowed.Order(StringComparer.Ordinal))}.");
        }
        return upload.ContentLength > options.Value.MaxFileBytes ? TooLarge() : null;
    }

    private Failure TooLarge() =>
        new(FailureKind.TooLarge, "evidence-file-too-large", $"An evidence file may hold at most {options.Value.MaxFileBytes} bytes.");

    private static string? MediaType(string? contentType) =>
        contentType?.Split(';', 2)[0].Trim().ToLowerInvariant() is { Length: > 0 } type ? type : null;

    private static JsonElement WithFile(JsonElement data, string fileName, string contentType, StagedEvidenceFile staged)
    {
        var document = JsonNode.Parse(data.GetRawText())!.AsObject();
        document[EvidenceFileFields.FileName] = fileName;
        document[EvidenceFileFields.ContentType] = contentType;
        document[EvidenceFileFields.SizeBytes] = staged.Size;
        document[EvidenceFileFields.Sha256] = staged.Sha256;
        return JsonSerializer.SerializeToElement(document);
    }
}
