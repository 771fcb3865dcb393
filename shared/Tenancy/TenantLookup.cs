using Microsoft.Extensions.Caching.Memory;

namespace DataGovernance.Tenancy;

/// <summary>
/// Short-lived cache of tenants and directory mappings for the per-request access check. Changes made through
/// this instance are visible at once; changes made by another instance within <see cref="Lifetime"/>. Absence is
/// never cached, so requests naming made-up tenants cannot fill the cache.
/// </summary>
public sealed class TenantLookup(TenantStore store, IMemoryCache cache)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(15);

    public Task<Tenant?> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        GetOrLoadAsync(("tenant", tenantId), token => store.GetAsync(tenantId, token), cancellationToken);

    public Task<string?> FindByDirectoryAsync(string directoryId, CancellationToken cancellationToken) =>
        GetOrLoadAsync(("directory", directoryId), token => store.FindByDirectoryAsync(directoryId, token), cancellationToken);

    public void Invalidate(Tenant before, Tenant after)
    {
        cache.Remove(("tenant", before.Id));
        foreach (var directoryId in new[] { before.Settings.EntraDirectoryId, after.Settings.EntraDirectoryId })
        {
            if (directoryId is not null)
            {
                cache.Remove(("directory", directoryId));
            }
        }
    }

    private async Task<T?> GetOrLoadAsync<T>((string Kind, string Id) key, Func<CancellationToken, Task<T?>> load, CancellationToken cancellationToken)
        where T : class
    {
        if (cache.TryGetValue(key, out T? cached))
        {
            return cached;
        }
        var loaded = await load(cancellationToken);
        if (loaded is not null)
        {
            cache.Set(key, loaded, Lifetime);
        }
        return loaded;
    }
}
