using System.Buffers.Binary;
using System.IO.Compression;
using DataGovernance.Outcomes;

namespace DataGovernance.EvidencePackages;

/// <summary>Thrown while reading an untrusted ZIP that turns out larger than it declared or than the limits allow.</summary>
internal sealed class ZipRefusedException(string reason) : Exception(reason);

/// <summary>The checks on an untrusted ZIP's directory, made before any entry is decompressed.</summary>
internal static class ZipDirectory
{
    private const uint EndOfDirectorySignature = 0x06054b50;
    private const uint CentralHeaderSignature = 0x02014b50;

    public static Failure Refused(string detail) => new(FailureKind.Validation, "package-refused", detail);

    /// <summary>
    /// Checks the end-of-central-directory record before <see cref="ZipArchive"/> loads the whole directory into memory:
    /// its entry count (a ZIP64 count, 0xFFFF, is beyond any limit the hub uses), whether the directory's declared size
    /// can hold that many headers (at least 46 bytes each) and no more than the limit allows, and — walking the headers
    /// without loading them — that the directory holds exactly the entries it declares. The count alone is not trusted:
    /// ZipArchive reads every header the directory holds before comparing, so a lying count would let it allocate millions.
    /// </summary>
    public static Failure? CheckEntryCount(Stream zip, int maxEntries)
    {
        var tail = (int)Math.Min(zip.Length, 22 + ushort.MaxValue);
        var buffer = new byte[tail];
        zip.Seek(-tail, SeekOrigin.End);
        zip.ReadExactly(buffer);
        zip.Seek(0, SeekOrigin.Begin);
        for (var at = tail - 22; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at)) == EndOfDirectorySignature)
            {
                var count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 10));
                var size = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 12));
                var offset = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 16));
                if (count > maxEntries || size > (long)maxEntries * MaxHeaderBytes)
                {
                    return Refused($"The archive has more than {maxEntries} entries.");
                }
                if (size < (long)count * MinHeaderBytes || size > (long)count * MaxHeaderBytes)
                {
                    return Disagrees(count);
                }
                var walked = CountHeaders(zip, offset, size, count);
                zip.Seek(0, SeekOrigin.Begin);
                return walked == count ? null : Disagrees(count);
            }
        }
        return null; // Not a ZIP at all: opening it says so.
    }

    /// <summary>The smallest central directory header: its fixed part, with an empty name, extra field and comment.</summary>
    private const int MinHeaderBytes = 46;

    /// <summary>The largest header a safe entry can have: the fixed part, a name of at most 1024 bytes (see <see cref="IsSafeName"/>), extra fields and comment.</summary>
    private const int MaxHeaderBytes = MinHeaderBytes + 1024 * 4 + 1024;

    private static Failure Disagrees(int count) =>
        Refused($"The archive's directory does not hold the {count} entries it declares.");

    /// <summary>Walks the directory's headers, stopping one past <paramref name="declared"/>; -1 when a header is not where it should be.</summary>
    private static int CountHeaders(Stream zip, long offset, long size, int declared)
    {
        if (offset + size > zip.Length)
        {
            return -1;
        }
        var header = new byte[MinHeaderBytes];
        var (position, end, found) = (offset, offset + size, 0);
        while (position < end && found <= declared)
        {
            if (end - position < MinHeaderBytes)
            {
                return -1;
            }
            zip.Seek(position, SeekOrigin.Begin);
            zip.ReadExactly(header);
            if (BinaryPrimitives.ReadUInt32LittleEndian(header) != CentralHeaderSignature)
            {
                return -1;
            }
            position += MinHeaderBytes + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28))
                + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30)) + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
            found++;
        }
        return position == end ? found : -1;
    }

    public static Failure? CheckEntries(ZipArchive archive, PackageReadLimits limits)
    {
        if (archive.Entries.Count > limits.MaxEntries)
        {
            return Refused($"The archive has more than {limits.MaxEntries} entries.");
        }
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            if (!IsSafeName(entry.FullName))
            {
                return Refused($"The archive holds an entry whose name could escape its folder: '{Printable(entry.FullName)}'.");
            }
            if (!names.Add(entry.FullName))
            {
                return Refused($"The archive holds '{Printable(entry.FullName)}' twice.");
            }
            total += entry.Length;
            if (entry.Length < 0 || total > limits.MaxUncompressedBytes)
            {
                return Refused($"The archive would expand to more than {limits.MaxUncompressedBytes} bytes.");
            }
            if (entry.Length >= PackageReadLimits.RatioCheckedFrom && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            {
                return Refused($"'{Printable(entry.FullName)}' is compressed more than {limits.MaxCompressionRatio}:1, as a ZIP bomb is.");
            }
        }
        return null;
    }

    /// <summary>Relative, forward-slash names of non-empty segments, none of them "." or "..", without drive letters or control characters.</summary>
    public static bool IsSafeName(string name) =>
        name.Length is > 0 and <= 1024
        && !name.StartsWith('/')
        && !name.Contains('\\')
        && !name.Contains(':')
        && !name.Any(char.IsControl)
        && name.TrimEnd('/').Split('/').All(segment => segment.Length > 0 && segment is not ("." or ".."));

    private static string Printable(string name) => new([.. name.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);
}

/// <summary>Counts what is decompressed: no entry may yield more than it declared, nor all together more than the limit.</summary>
internal sealed class ReadBudget(long maxBytes)
{
    private long _left = maxBytes;

    public long Copy(Stream source, Stream destination, long declared)
    {
        var buffer = new byte[81920];
        long copied = 0;
        int read;
        while ((read = source.Read(buffer)) > 0)
        {
            copied += read;
            _left -= read;
            if (copied > declared || _left < 0)
            {
                throw new ZipRefusedException("An entry expands beyond what the archive declares or the limits allow.");
            }
            destination.Write(buffer, 0, read);
        }
        return copied;
    }
}
