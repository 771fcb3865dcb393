using System.Buffers.Binary;
using System.IO.Compression;

namespace DataGovernance.Storage;

/// <summary>
/// An uploaded ZIP, read within <see cref="ZipLimits"/>. Opening it checks, in this order: the entry count from the
/// end-of-central-directory record, before <see cref="ZipArchive"/> allocates an entry per header; then, per entry, its
/// name (when the caller extracts by name), the declared total and the compression ratio. The directory can lie about
/// sizes, so every read goes through one budget: no entry may yield more than it declares, nor all together more than
/// the limit. A refusal throws <see cref="ZipRefusedException"/>; something that is no ZIP at all throws
/// <see cref="InvalidDataException"/>, as <see cref="ZipArchive"/> does. The stream must be seekable.
/// </summary>
public sealed class UntrustedZip : IDisposable
{
    private readonly ZipArchive _archive;
    private readonly long _maxBytes;
    private readonly byte[] _buffer = new byte[81920];
    private long _left;

    private UntrustedZip(ZipArchive archive, long maxBytes) => (_archive, _maxBytes, _left) = (archive, maxBytes, maxBytes);

    public IReadOnlyCollection<ZipArchiveEntry> Entries => _archive.Entries;

    public static UntrustedZip Open(Stream zip, ZipLimits limits, ZipEntryNames names)
    {
        CentralDirectory.CheckEntryCount(zip, limits.MaxEntries);
        var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        try
        {
            CheckEntries(archive, limits, names);
        }
        catch
        {
            archive.Dispose();
            throw;
        }
        return new UntrustedZip(archive, limits.MaxUncompressedBytes);
    }

    /// <summary>Decompresses <paramref name="entry"/> into <paramref name="destination"/>, charged to the budget; the bytes it yielded.</summary>
    public long Copy(ZipArchiveEntry entry, Stream destination, CancellationToken cancellationToken = default)
    {
        using var source = entry.Open();
        long copied = 0;
        int read;
        while ((read = source.Read(_buffer)) > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            copied += read;
            _left -= read;
            if (copied > entry.Length)
            {
                throw new ZipRefusedException(ZipRefusalReason.ExpandsBeyondDeclared,
                    $"'{Printable(entry.FullName)}' expands beyond the {entry.Length} bytes the archive declares for it.");
            }
            if (_left < 0)
            {
                throw new ZipRefusedException(ZipRefusalReason.TooLarge, $"The archive expands to more than {_maxBytes} bytes.");
            }
            destination.Write(_buffer, 0, read);
        }
        return copied;
    }

    /// <summary>Decompresses every entry to nowhere: afterwards the sizes the directory declares are known to be true.</summary>
    public void ExpandAll(CancellationToken cancellationToken)
    {
        foreach (var entry in _archive.Entries)
        {
            Copy(entry, Stream.Null, cancellationToken);
        }
    }

    public void Dispose() => _archive.Dispose();

    /// <summary>Relative, forward-slash names of non-empty segments, none of them "." or "..", without drive letters or control characters.</summary>
    public static bool IsSafeName(string name) =>
        name.Length is > 0 and <= CentralDirectory.MaxSafeNameCharacters
        && !name.StartsWith('/')
        && !name.Contains('\\')
        && !name.Contains(':')
        && !name.Any(char.IsControl)
        && name.TrimEnd('/').Split('/').All(segment => segment.Length > 0 && segment is not ("." or ".."));

    private static void CheckEntries(ZipArchive archive, ZipLimits limits, ZipEntryNames names)
    {
        if (archive.Entries.Count > limits.MaxEntries)
        {
            throw TooManyEntries(limits.MaxEntries);
        }
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        long total = 0;
        foreach (var entry in archive.Entries)
        {
            if (names == ZipEntryNames.SafeToExtract)
            {
                CheckName(entry.FullName, seen);
            }
            total += entry.Length;
            if (entry.Length < 0 || total > limits.MaxUncompressedBytes)
            {
                throw new ZipRefusedException(ZipRefusalReason.TooLarge, $"The archive would expand to more than {limits.MaxUncompressedBytes} bytes.");
            }
            if (entry.Length >= ZipLimits.RatioCheckedFrom && entry.Length > (long)limits.MaxCompressionRatio * Math.Max(1, entry.CompressedLength))
            {
                throw new ZipRefusedException(ZipRefusalReason.TooCompressed,
                    $"'{Printable(entry.FullName)}' is compressed more than {limits.MaxCompressionRatio}:1, as a ZIP bomb is.");
            }
        }
    }

    private static void CheckName(string name, HashSet<string> seen)
    {
        if (!IsSafeName(name))
        {
            throw new ZipRefusedException(ZipRefusalReason.UnsafeName, $"The archive holds an entry whose name could escape its folder: '{Printable(name)}'.");
        }
        if (!seen.Add(name))
        {
            throw new ZipRefusedException(ZipRefusalReason.DuplicateName, $"The archive holds '{Printable(name)}' twice.");
        }
    }

    private static ZipRefusedException TooManyEntries(int maxEntries) =>
        new(ZipRefusalReason.TooManyEntries, $"The archive has more than {maxEntries} entries.");

    private static string Printable(string name) => new([.. name.Take(200).Select(c => char.IsControl(c) ? '?' : c)]);

    /// <summary>The end-of-central-directory record and the headers it points to, read without <see cref="ZipArchive"/>.</summary>
    private static class CentralDirectory
    {
        private const uint EndOfDirectorySignature = 0x06054b50;
        private const uint HeaderSignature = 0x02014b50;
        private const int EndOfDirectoryBytes = 22;

        /// <summary>The smallest central directory header: its fixed part, with an empty name, extra field and comment.</summary>
        private const int MinHeaderBytes = 46;

        public const int MaxSafeNameCharacters = 1024;

        /// <summary>The largest header a safe entry can have: the fixed part, a name of at most 1024 characters (up to 4 UTF-8 bytes each), extra fields and comment.</summary>
        private const int MaxHeaderBytes = MinHeaderBytes + MaxSafeNameCharacters * 4 + 1024;

        /// <summary>
        /// Checks the end-of-central-directory record: its entry count (a ZIP64 count, 0xFFFF, is beyond any limit the
        /// hub uses), whether the directory's declared size can hold that many headers and no more than the limit allows,
        /// and — walking the headers without loading them — that the directory holds exactly the entries it declares. The
        /// count alone is not trusted: <see cref="ZipArchive"/> reads every header the directory holds before comparing,
        /// so a lying count would let it allocate millions. Without such a record it leaves the verdict to ZipArchive.
        /// </summary>
        public static void CheckEntryCount(Stream zip, int maxEntries)
        {
            var tail = (int)Math.Min(zip.Length, EndOfDirectoryBytes + ushort.MaxValue);
            var buffer = new byte[tail];
            zip.Seek(-tail, SeekOrigin.End);
            zip.ReadExactly(buffer);
            zip.Seek(0, SeekOrigin.Begin);
            for (var at = tail - EndOfDirectoryBytes; at >= 0; at--)
            {
                if (BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at)) == EndOfDirectorySignature)
                {
                    var count = BinaryPrimitives.ReadUInt16LittleEndian(buffer.AsSpan(at + 10));
                    var size = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 12));
                    var offset = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(at + 16));
                    if (count > maxEntries || size > (long)maxEntries * MaxHeaderBytes)
                    {
                        throw TooManyEntries(maxEntries);
                    }
                    var holds = size >= (long)count * MinHeaderBytes && size <= (long)count * MaxHeaderBytes && CountHeaders(zip, offset, size, count) == count;
                    zip.Seek(0, SeekOrigin.Begin);
                    if (!holds)
                    {
                        throw new ZipRefusedException(ZipRefusalReason.DirectoryMismatch, $"The archive's directory does not hold the {count} entries it declares.");
                    }
                    return;
                }
            }
        }

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
                if (BinaryPrimitives.ReadUInt32LittleEndian(header) != HeaderSignature)
                {
                    return -1;
                }
                position += MinHeaderBytes + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(28))
                    + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(30)) + BinaryPrimitives.ReadUInt16LittleEndian(header.AsSpan(32));
                found++;
            }
            return position == end ? found : -1;
        }
    }
}
