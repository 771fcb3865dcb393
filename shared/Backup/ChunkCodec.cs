using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DataGovernance.Records;

namespace DataGovernance.Backup;

/// <summary>An encoded chunk: the gzipped bytes that are stored, and their SHA-256 (the chunk's address).</summary>
public sealed record EncodedChunk(string Sha256, int Records, byte[] Compressed, string FirstId, string LastId)
{
    public ChunkInfo Info => new(Sha256, Records, Compressed.LongLength, FirstId, LastId);
}

/// <summary>A chunk whose bytes do not match its address: altered or unreadable.</summary>
public sealed class ChunkCorruptException(string message) : Exception(message);

/// <summary>
/// The chunk format: records sorted by id, one canonical JSON object per line (UTF-8, <c>\n</c>), gzipped. The
/// address is the SHA-256 of the stored bytes, so that any altered byte is found, the gzip header included; the
/// encoding is deterministic, so equal records give equal chunks whatever the snapshot.
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
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            gzip.Write(content.GetBuffer(), 0, (int)content.Length);
        }
        var stored = compressed.ToArray();
        return new EncodedChunk(Convert.ToHexStringLower(SHA256.HashData(stored)), records.Count, stored, records[0].Id, records[^1].Id);
    }

    /// <summary>Reads a stored chunk and checks it against its address; throws <see cref="ChunkCorruptException"/> on any difference.</summary>
    public static async Task<IReadOnlyList<Record>> DecodeAsync(Stream compressed, string expectedSha, CancellationToken cancellationToken)
    {
        using var stored = new MemoryStream();
        await compressed.CopyToAsync(stored, cancellationToken);
        var sha = Convert.ToHexStringLower(SHA256.HashData(stored.GetBuffer().AsSpan(0, (int)stored.Length)));
        if (sha != expectedSha)
        {
            throw new ChunkCorruptException($"Chunk {expectedSha} is stored as bytes hashing to {sha}.");
        }
        stored.Position = 0;
        using var content = new MemoryStream();
        try
        {
            await using var gzip = new GZipStream(stored, CompressionMode.Decompress);
            await gzip.CopyToAsync(content, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new ChunkCorruptException($"Chunk {expectedSha} is not readable: {ex.Message}");
        }
        var records = new List<Record>();
        foreach (var line in Encoding.UTF8.GetString(content.GetBuffer(), 0, (int)content.Length).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            records.Add(JsonSerializer.Deserialize<Record>(line, BackupJson.Options)!);
        }
        return records;
    }
}
