using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>ZIP files that lie or break in chosen ways, for the tests of the hub's limits on untrusted ZIPs.</summary>
internal static class CraftedZips
{
    private const uint EndOfDirectorySignature = 0x06054b50;
    private const uint CentralHeaderSignature = 0x02014b50;

    public static byte[] Create(IEnumerable<(string Name, byte[] Content)> entries, CompressionLevel level = CompressionLevel.Optimal) =>
        Add([], entries, level);

    /// <summary>A copy of <paramref name="zip"/> (empty: a new ZIP) with the entries appended.</summary>
    public static byte[] Add(byte[] zip, IEnumerable<(string Name, byte[] Content)> entries, CompressionLevel level)
    {
        using var buffer = new MemoryStream();
        buffer.Write(zip);
        using (var archive = new ZipArchive(buffer, zip.Length == 0 ? ZipArchiveMode.Create : ZipArchiveMode.Update, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = archive.CreateEntry(name, level).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A ZIP whose entries hold the given numbers of zero bytes (which compress about a thousand to one).</summary>
    public static byte[] Zeros(params (string Name, long Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var zeros = new byte[1 << 20];
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                for (var left = bytes; left > 0; left -= zeros.Length)
                {
                    stream.Write(zeros, 0, (int)Math.Min(left, zeros.Length));
                }
            }
        }
        return buffer.ToArray();
    }

    /// <summary>A copy whose central directory and local header declare <paramref name="declared"/> uncompressed bytes for <paramref name="name"/>.</summary>
    public static byte[] Understate(byte[] zip, string name, uint declared)
    {
        var copy = zip.ToArray();
        var header = DirectoryHeaders(copy).Single(at => NameAt(copy, at) == name);
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(header + 24), declared);
        var local = (int)BinaryPrimitives.ReadUInt32LittleEndian(copy.AsSpan(header + 42));
        BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(local + 22), declared);
        return copy;
    }

    /// <summary>A copy whose last central directory header lost its signature: a reader that loads the directory finds it damaged.</summary>
    public static byte[] BreakLastDirectoryHeader(byte[] zip)
    {
        var copy = zip.ToArray();
        copy[DirectoryHeaders(copy).Last()] ^= 0xFF;
        return copy;
    }

    /// <summary>A copy whose end-of-central-directory record declares <paramref name="count"/> entries.</summary>
    public static byte[] DeclareEntries(byte[] zip, ushort count)
    {
        var copy = zip.ToArray();
        var end = EndOfDirectory(copy);
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(end + 8), count);
        BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(end + 10), count);
        return copy;
    }

    private static List<int> DirectoryHeaders(byte[] zip)
    {
        var end = EndOfDirectory(zip);
        var count = BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(end + 10));
        var at = (int)BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(end + 16));
        var headers = new List<int>();
        for (var index = 0; index < count; index++)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) != CentralHeaderSignature)
            {
                throw new InvalidDataException($"No central directory header at {at}.");
            }
            headers.Add(at);
            at += 46 + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 28)) + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 30))
                + BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(at + 32));
        }
        return headers;
    }

    private static string NameAt(byte[] zip, int header) =>
        Encoding.UTF8.GetString(zip, header + 46, BinaryPrimitives.ReadUInt16LittleEndian(zip.AsSpan(header + 28)));

    private static int EndOfDirectory(byte[] zip)
    {
        for (var at = zip.Length - 22; at >= 0; at--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(zip.AsSpan(at)) == EndOfDirectorySignature)
            {
                return at;
            }
        }
        throw new InvalidDataException("No end-of-central-directory record.");
    }
}
