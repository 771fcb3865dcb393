using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DataGovernance.Backup;

/// <summary>One content-addressed chunk: the records of one collection whose ids fall in [FirstId, LastId].</summary>
public sealed record ChunkInfo(string Sha256, int Records, long CompressedBytes, string FirstId, string LastId);

public sealed record CollectionSnapshot(string Name, long RecordCount, IReadOnlyList<ChunkInfo> Chunks);

/// <summary>
/// The immutable description of a snapshot: the tenant exactly at change-log <see cref="Position"/>, as chunks
/// per collection, with a root hash over everything else in it. <see cref="BasedOn"/> names the restore point an
/// incremental snapshot was derived from (null: the records were read in full).
/// </summary>
public sealed record SnapshotManifest(
    string RestorePointId,
    string TenantId,
    long Position,
    DateTimeOffset PositionTime,
    DateTimeOffset CreatedAt,
    IReadOnlyList<CollectionSnapshot> Collections,
    string RootHash,
    string? BasedOn)
{
    [JsonIgnore]
    public long RecordCount => Collections.Sum(collection => collection.RecordCount);

    [JsonIgnore]
    public IEnumerable<(string Collection, ChunkInfo Chunk)> AllChunks =>
        Collections.SelectMany(collection => collection.Chunks.Select(chunk => (collection.Name, chunk)));

    public static SnapshotManifest Seal(
        string restorePointId, string tenantId, long position, DateTimeOffset positionTime, DateTimeOffset createdAt, IReadOnlyList<CollectionSnapshot> collections, string? basedOn)
    {
        var unsealed = new SnapshotManifest(restorePointId, tenantId, position, positionTime, createdAt, collections, "", basedOn);
        return unsealed with { RootHash = ComputeRootHash(unsealed) };
    }

    [JsonIgnore]
    public bool HasValidRootHash => ComputeRootHash(this) == RootHash;

    private static string ComputeRootHash(SnapshotManifest manifest) =>
        Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(manifest with { RootHash = "" }, BackupJson.Options)));
}

public static class BackupJson
{
    /// <summary>Web defaults, enums by name, and non-ASCII text kept as it is (chunks are data, never embedded in HTML).</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };
}
