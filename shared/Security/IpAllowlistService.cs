using System.Globalization;
using System.Net;
using DataGovernance.Outcomes;
using DataGovernance.Records;
using DataGovernance.Security.Events;
using DataGovernance.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace DataGovernance.Security;

/// <summary>
/// Reads, replaces and enforces tenants' IP allowlists. The access check reads a parsed copy cached for
/// <see cref="CacheLifetime"/>: a change through this instance applies at once, one through another instance
/// within that time.
/// </summary>
public sealed class IpAllowlistService(IpAllowlistStore store, SecurityEventService securityEvents, IMemoryCache cache, TimeProvider clock)
{
    public static readonly TimeSpan CacheLifetime = TimeSpan.FromSeconds(10);

    public async Task<IpAllowlist> GetAsync(string tenantId, CancellationToken cancellationToken) =>
        (await store.GetAsync(tenantId, cancellationToken))?.List ?? IpAllowlist.Empty(tenantId);

    /// <summary>
    /// Replaces the whole list. Refused when it would shut out the tenant caller making the change; platform
    /// callers are not subject to tenants' lists, so their own address (the context's client address) is not checked.
    /// </summary>
    public async Task<Result<IpAllowlist>> ReplaceAsync(
        string tenantId, IpAllowlistRequest request, long? expectedVersion, Caller caller, WriteContext context, CancellationToken cancellationToken)
    {
        var callerAddress = IPAddress.TryParse(context.ClientIp, out var parsed) ? parsed : null;
        var entries = Validate(request);
        if (!entries.Succeeded)
        {
            return entries.Failure;
        }
        if (!caller.IsPlatform && !new IpNetworks([.. entries.Value.Select(entry => IPNetwork.Parse(entry.Cidr))]).Allows(callerAddress))
        {
            return Failure.Conflict("allowlist-locks-you-out",
                $"The new list does not include your own address ({callerAddress?.ToString() ?? "unknown"}); add it, or send an empty list to lift the restriction.");
        }
        var stored = await store.GetAsync(tenantId, cancellationToken);
        var current = stored?.List ?? IpAllowlist.Empty(tenantId);
        if (expectedVersion is { } expected && expected != current.Version)
        {
            return Failure.PreconditionFailed($"The IP allowlist is at version {current.Version}, not {expected}.");
        }
        var updated = new IpAllowlist(tenantId, entries.Value, current.Version + 1, clock.GetUtcNowForStorage(), caller.Actor.Id);
        var saved = await store.SaveAsync(updated, stored?.ETag, cancellationToken);
        cache.Remove(CacheKey(tenantId));
        if (saved.Succeeded)
        {
            await securityEvents.RecordAsync(tenantId, SecurityEventType.IpAllowlistChanged, context, null, new Dictionary<string, string>
            {
                [SecurityEventDetails.Version] = updated.Version.ToString(CultureInfo.InvariantCulture),
                ["entries"] = updated.Entries.Count.ToString(CultureInfo.InvariantCulture),
            }, cancellationToken);
        }
        return saved;
    }

    /// <summary>Whether <paramref name="client"/> may reach the tenant's data; true for every address when the list is empty.</summary>
    public async Task<bool> AllowsAsync(string tenantId, IPAddress? client, CancellationToken cancellationToken)
    {
        if (!cache.TryGetValue(CacheKey(tenantId), out IpNetworks? networks) || networks is null)
        {
            var list = await store.GetAsync(tenantId, cancellationToken);
            networks = list is { } stored ? IpNetworks.Of(stored.List) : IpNetworks.Unrestricted;
            cache.Set(CacheKey(tenantId), networks, CacheLifetime);
        }
        return networks.Allows(client);
    }

    private static Result<IReadOnlyList<IpAllowlistEntry>> Validate(IpAllowlistRequest request)
    {
        var errors = new FieldErrors();
        if (request.Entries is not { } entries)
        {
            return Failure.Validation(errors.Add("entries", "Required: the whole list, or [] for no restriction."));
        }
        if (entries.Count > IpAllowlist.MaxEntries)
        {
            return Failure.Validation(errors.Add("entries", $"At most {IpAllowlist.MaxEntries} entries; got {entries.Count}."));
        }
        var normalised = new List<IpAllowlistEntry>(entries.Count);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i];
            if (entry is null)
            {
                errors.Add($"entries[{i}]", "Must be an object with a cidr.");
                continue;
            }
            if (!IpCidr.TryNormalise(entry.Cidr, out var network, out var error))
            {
                errors.Add($"entries[{i}].cidr", error!);
            }
            else if (!seen.TryAdd(network.ToString(), i))
            {
                errors.Add($"entries[{i}].cidr", $"The same network as entries[{seen[network.ToString()]}].");
            }
            var description = string.IsNullOrWhiteSpace(entry.Description) ? null : entry.Description.Trim();
            if (description?.Length > IpAllowlist.MaxDescriptionLength)
            {
                errors.Add($"entries[{i}].description", $"At most {IpAllowlist.MaxDescriptionLength} characters.");
            }
            normalised.Add(new IpAllowlistEntry(network.ToString(), description));
        }
        return errors.Any ? Failure.Validation(errors) : normalised;
    }

    private static (string, string) CacheKey(string tenantId) => ("ip-allowlist", tenantId);
}
