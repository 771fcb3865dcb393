namespace DataGovernance.Storage;

/// <summary>How much of an untrusted ZIP (an upload) a caller is willing to read; see <see cref="UntrustedZip"/>.</summary>
/// <param name="MaxEntries">Entries the archive may hold.</param>
/// <param name="MaxUncompressedBytes">Bytes all entries together may expand to, declared and actually read.</param>
/// <param name="MaxCompressionRatio">Uncompressed : compressed size an entry of <see cref="RatioCheckedFrom"/> bytes or more may have; ZIP bombs have thousands.</param>
public sealed record ZipLimits(int MaxEntries, long MaxUncompressedBytes, int MaxCompressionRatio)
{
    /// <summary>Entries smaller than this are not held to the ratio: small text compresses well legitimately and cannot hurt.</summary>
    public const long RatioCheckedFrom = 1024 * 1024;
}

/// <summary>Whether the caller uses entry names as paths, so that they must be safe to extract.</summary>
public enum ZipEntryNames
{
    /// <summary>Names are only looked up (an XLSX's parts): any name is accepted.</summary>
    AsStored,

    /// <summary>Names become paths: an absolute name, a drive letter, a backslash, a <c>.</c> or <c>..</c> segment or a duplicate is refused.</summary>
    SafeToExtract,
}

/// <summary>Which check refused an untrusted ZIP.</summary>
public enum ZipRefusalReason
{
    TooManyEntries,

    /// <summary>The end-of-central-directory record and the directory disagree: it is damaged or hides entries.</summary>
    DirectoryMismatch,

    UnsafeName,
    DuplicateName,

    /// <summary>The entries declare, or really expand to, more than the limit allows all together.</summary>
    TooLarge,

    TooCompressed,

    /// <summary>An entry yields more than the directory declares for it.</summary>
    ExpandsBeyondDeclared,
}

/// <summary>An untrusted ZIP beyond its <see cref="ZipLimits"/>; the message is a sentence for whoever sent it.</summary>
public sealed class ZipRefusedException(ZipRefusalReason reason, string detail) : Exception(detail)
{
    public ZipRefusalReason Reason { get; } = reason;
}
