using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.Backup;

/// <summary>An encoded chunk: the SHA-256 of its canonical content and the gzipped bytes that are stored.</summary>
public sealed record EncodedChunk(string Sha256, int Records, byte[] Compressed, string FirstId, string LastId)
{
    public ChunkInfo Info => new(Sha256, Records, Compressed.LongLength, FirstId, LastId);
}

/// <summary>A chunk whose bytes do not match its address: altered or unreadable.</summary>
public sealed class ChunkCorruptException(string message) : Exception(message);

/// <summary>
/// The chunk format: records sorted by id, one canonical JSON object per line (UTF-8, <c>\n</c>), gzipped. The
/// address is the SHA-256 of the uncompressed content, so equal records give equal chunks whatever the snapshot.
/// </summary>
public static class ChunkCodec
{
    public static EncodedChunk Encode(IReadOnlyList<Record> records)
    {
        using var content = new MemoryStream();
        foreach (var record in records)
        {
            JsonSerializer.Serialize(content, record, BackupJson.Options);
            content.WriteByte((byte)'\n');
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length)));
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content.GetBuffer(), 0, (int)content.Length);
        }
        return new EncodedChunk(sha, records.Count, compressed.ToArray(), records[0].Id, records[^1].Id);
    }

    /// <summary>Reads a stored chunk and checks it against its address; throws <see cref="ChunkCorruptException"/> on any difference.</summary>
    public static async Task<IReadOnlyList<Record>> DecodeAsync(Stream compressed, string expectedSha, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        try
        {
            await using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
            await gzip.CopyToAsync(content, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new ChunkCorruptException($"Chunk {expectedSha} is not readable: {ex.Message}");
        }
        var sha = Convert.ToHexStringLower(SHA256.HashData(content.GetBuffer().AsSpan(0, (int)content.Length)));
        if (sha != expectedSha)
        {
            throw new ChunkCorruptException($"Chunk {expectedSha} has content hashing to {sha}.");
        }
        var records = new List<Record>();
        foreach (var line in Encoding.UTF8.GetString(content.GetBuffer(), 0, (int)content.Length).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            records.Add(JsonSerializer.Deserialize<Record>(line, BackupJson.Options)!);
        }
        return records;
    }
}
