using System.Globalization;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using DataGovernance.Tenancy;
using Microsoft.Extensions.Caching.Memory;

namespace DataGovernance.Security;

/// <summary>
/// Reads and replaces tenants' SSO settings. Sign-in reads them on every Entra request, so <see cref="FindAsync"/>
/// keeps them (and their absence) in memory for <see cref="CacheLifetime"/>: a change through this instance applies
/// at once, one through another instance within that time.
/// </summary>
public sealed class SsoSettingsService(
    SsoSettingsStore store, TenantLookup tenants, SecurityEventService securityEvents, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(5);

    /// <summary>The tenant's settings as the API shows them: its own, or empty ones at version 0, with the directory id.</summary>
    public async Task<SsoSettings> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var directoryId = await DirectoryOfAsync(tenantId, cancellationToken);
        var stored = await store.GetAsync(tenantId, cancellationToken);
        return (stored?.Settings ?? SsoSettings.Empty(tenantId, null)) with { DirectoryId = directoryId };
    }

    /// <summary>The settings sign-in applies; null when the tenant never stored any, which keeps sign-in as it was before SSO settings.</summary>
    public async Task<SsoSettings?> FindAsync(string tenantId, CancellationToken cancellationToken)
    {
        if (cache.TryGetValue(CacheKey(tenantId), out Cached? cached) && cached is not null)
        {
            return cached.Settings;
        }
        var settings = (await store.GetAsync(tenantId, cancellationToken))?.Settings;
        cache.Set(CacheKey(tenantId), new Cached(settings), CacheLifetime);
        return settings;
    }

    public async Task<Result<SsoSettings>> ReplaceAsync(
        string tenantId, SsoSettingsRequest request, long? expectedVersion, WriteContext context, CancellationToken cancellationToken)
    {
        var valid = SsoSettingsValidator.Validate(request);
        if (!valid.Succeeded)
        {
            return valid.Failure;
        }
        var stored = await store.GetAsync(tenantId, cancellationToken);
        var currentVersion = stored?.Settings.Version ?? 0;
        if (expectedVersion is { } expected && expected != currentVersion)
        {
            return Failure.PreconditionFailed($"The SSO settings are at version {currentVersion}, not {expected}.");
        }
        var value = valid.Value;
        var updated = new SsoSettings(tenantId, null, value.AllowedDomains, value.JustInTimeProvisioning, value.GroupRoles, value.DefaultRole,
            currentVersion + 1, clock.GetUtcNowForStorage(), context.Actor.Id);
        var saved = await store.SaveAsync(updated, stored?.ETag, cancellationToken);
        cache.Remove(CacheKey(tenantId));
        if (!saved.Succeeded)
        {
            return saved;
        }
        await securityEvents.RecordAsync(tenantId, SecurityEventType.SsoSettingsChanged, context, null, new Dictionary<string, string>
        {
            [SecurityEventDetails.Version] = updated.Version.ToString(CultureInfo.InvariantCulture),
            ["justInTimeProvisioning"] = updated.JustInTimeProvisioning ? "true" : "false",
        }, cancellationToken);
        return saved.Value with { DirectoryId = await DirectoryOfAsync(tenantId, cancellationToken) };
    }

    private async Task<string?> DirectoryOfAsync(string tenantId, CancellationToken cancellationToken) =>
        (await tenants.GetAsync(tenantId, cancellationToken))?.Settings.EntraDirectoryId;

    private static (string, string) CacheKey(string tenantId) => ("sso-settings", tenantId);

    private sealed record Cached(SsoSettings? Settings);
}
