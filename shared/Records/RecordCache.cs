using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace DataGovernance.Records;

public sealed class RecordCacheOptions
{
    public const string SectionName = "Hub:Records";

    /// <summary>How long a read may be served from this instance's memory; 0 turns the cache off.</summary>
    public double ReadCacheSeconds { get; set; } = 1;

    /// <summary>Upper bound of the memory the cache may use.</summary>
    public int ReadCacheMegabytes { get; set; } = 64;
}

/// <summary>
/// A short-lived, size-bounded cache of record reads on this instance. Writes made through this instance update
/// it at once (read-your-writes); writes made elsewhere become visible within
/// <see cref="RecordCacheOptions.ReadCacheSeconds"/>. Entries carry the record version and never go backwards,
/// and deletions leave a tombstone, so a slow read that loses a race with a write cannot resurrect old data.
/// Entries belong to a record generation: once a restore switches generations, none of them is served again.
/// </summary>
public sealed class RecordCache : IDisposable
{
    private sealed record Entry(Record? Record, long Version);

    private readonly MemoryCache _cache;
    private readonly TimeSpan _lifetime;
    private readonly Lock _gate = new();

    public RecordCache(IOptions<RecordCacheOptions> options)
    {
        _lifetime = TimeSpan.FromSeconds(options.Value.ReadCacheSeconds);
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.ReadCacheMegabytes * 1024L * 1024L });
    }

    public bool Enabled => _lifetime > TimeSpan.Zero;

    /// <summary>True when the cache knows the record's current state: the record, or null when it was deleted.</summary>
    public bool TryGet(string tenantId, int generation, string collection, string id, out Record? record)
    {
        record = null;
        if (!Enabled || !_cache.TryGetValue((tenantId, generation, collection, id), out Entry? entry) || entry is null)
        {
            return false;
        }
        record = entry.Record;
        return true;
    }

    public void Remember(string tenantId, int generation, Record record) =>
        Store((tenantId, generation, record.Collection, record.Id), new Entry(record, record.Version), 256 + record.Data.GetRawText().Length * 2);

    public void RememberDeleted(string tenantId, int generation, string collection, string id, long version) =>
        Store((tenantId, generation, collection, id), new Entry(null, version), 256);

    private void Store((string, int, string, string) key, Entry entry, long size)
    {
        if (!Enabled)
        {
            return;
        }
        lock (_gate)
        {
            if (_cache.TryGetValue(key, out Entry? current) && current is not null && current.Version > entry.Version)
            {
                return;
            }
            _cache.Set(key, entry, new MemoryCacheEntryOptions { AbsoluteExpirationRelativeToNow = _lifetime, Size = size });
        }
    }

    public void Dispose() => _cache.Dispose();
}
