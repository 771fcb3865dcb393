using System.Net;
using DataGovernance.Storage;

namespace DataGovernance.Security;

/// <summary>One network a tenant's users and API keys may connect from, as normalised CIDR (<c>10.0.0.0/8</c>, <c>2001:db8::/32</c>).</summary>
public sealed record IpAllowlistEntry(string Cidr, string? Description);

/// <summary>
/// The networks a tenant's callers may connect from. An empty list restricts nothing. <see cref="Version"/> is 0
/// until the first change and is the HTTP ETag.
/// </summary>
public sealed record IpAllowlist(string TenantId, IReadOnlyList<IpAllowlistEntry> Entries, long Version, DateTimeOffset? UpdatedAt, string? UpdatedBy) : IHasETag
{
    public const int MaxEntries = 100;

    public const int MaxDescriptionLength = 100;

    public string ETag => $"\"{Version}\"";

    public static IpAllowlist Empty(string tenantId) => new(tenantId, [], 0, null, null);
}

/// <summary>The body of <c>PUT …/security/ip-allowlist</c>: the whole new list.</summary>
public sealed record IpAllowlistRequest(IReadOnlyList<IpAllowlistEntryRequest?>? Entries);

public sealed record IpAllowlistEntryRequest(string? Cidr, string? Description);

/// <summary>An allowlist parsed for matching; client addresses are compared in their IPv4 form when they are IPv4-mapped.</summary>
public sealed class IpNetworks(IReadOnlyList<IPNetwork> networks)
{
    public static IpNetworks Unrestricted { get; } = new([]);

    public bool IsUnrestricted => networks.Count == 0;

    public static IpNetworks Of(IpAllowlist list) =>
        new([.. list.Entries.Select(entry => IPNetwork.Parse(entry.Cidr))]);

    public bool Allows(IPAddress? client)
    {
        if (IsUnrestricted)
        {
            return true;
        }
        if (client is null)
        {
            return false;
        }
        var address = client.IsIPv4MappedToIPv6 ? client.MapToIPv4() : client;
        return networks.Any(network => network.Contains(address));
    }
}
