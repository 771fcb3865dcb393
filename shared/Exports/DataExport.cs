using DataGovernance.Privacy;

namespace DataGovernance.Exports;

public enum ExportFormat
{
    Csv,
    Json,
    Ndjson,
    Xml,
    Xlsx,
}

public enum ExportStatus
{
    Pending,
    Running,
    Completed,
    Failed,

    /// <summary>Completed, but past its expiry: the file is deleted and no longer handed out.</summary>
    Expired,
}

/// <summary>Where an export goes when it leaves the hub: the recipient's country and the transfer mechanism relied on.</summary>
public sealed record ExportDestination(string? Country, string? TransferMechanism, string? Recipient = null);

/// <summary>
/// What to export: a collection or a saved view, in one format; for a collection optionally only some
/// <see cref="Fields"/> (a view brings its own), and the <see cref="Destination"/> when the file leaves the hub.
/// </summary>
public sealed record ExportRequest(string? Collection, string? ViewId, ExportFormat Format)
{
    public IReadOnlyList<string>? Fields { get; init; }

    public ExportDestination? Destination { get; init; }
}

/// <summary>One export job as the DataExports table keeps it.</summary>
public sealed record DataExport(string Id, string TenantId, ExportRequest Request, ExportStatus Status, string RequestedBy, DateTimeOffset RequestedAt)
{
    /// <summary>The collection exported (the view's, for a view).</summary>
    public string Collection { get; init; } = "";

    /// <summary>Whether the requester could see restricted fields: decided when the export was requested.</summary>
    public bool Unmasked { get; init; }

    /// <summary>The fields whose values were replaced by <see cref="ExportMasking.Masked"/> (restricted in the sensitivity map).</summary>
    public IReadOnlyList<string> MaskedFields { get; init; } = [];

    /// <summary>Every field of the collection restricted when the export was requested (masked); empty when unmasked.</summary>
    public IReadOnlyList<string> RestrictedFields { get; init; } = [];

    /// <summary>What the job reads, resolved when requested (never the view as it is when the job runs).</summary>
    public ExportQuery? Query { get; init; }

    /// <summary>How the cross-border rules judged the destination, when there is one.</summary>
    public TransferStatus? Transfer { get; init; }

    public long? RecordCount { get; init; }

    public long? Bytes { get; init; }

    public string? Sha256 { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    /// <summary>When the file is deleted and downloads are refused.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    public string? FailureReason { get; init; }

    /// <summary>A fresh expiring link to the file while the export is completed (never stored).</summary>
    public string? DownloadUrl { get; init; }

    public DateTimeOffset? DownloadExpiresAt { get; init; }

    /// <summary>Why a completed export has no <see cref="DownloadUrl"/> for this caller (a stable code; never stored).</summary>
    public string? DownloadWithheld { get; init; }

    public string FileName => $"export-{Collection}-{Id}.{ExportFiles.Extension(Request.Format)}";

    /// <summary>Which attempt's file the completed job kept (each attempt writes its own, see <see cref="ExportJob"/>).</summary>
    public string? FileAttempt { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public string BlobName => FileAttempt is null ? $"{TenantId}/{Id}/{FileName}" : AttemptBlobName(FileAttempt);

    /// <summary>Where every file of this job lives: each attempt's, and the kept one.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string BlobPrefix => $"{TenantId}/{Id}/";

    public string AttemptBlobName(string attempt) => $"{BlobPrefix}{attempt}/{FileName}";

    public static string NewId(DateTimeOffset at) =>
        $"ex-{at.UtcDateTime.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..8]}";
}
