using DataGovernance.Storage;

namespace DataGovernance.Security;

/// <summary>Members of the Entra group <see cref="GroupId"/> (an object id, lower-case) get <see cref="Role"/>.</summary>
public sealed record SsoGroupRole(string GroupId, Role Role);

/// <summary>
/// How users of the tenant's Entra directory sign in: which e-mail domains may (none listed: any), which roles
/// Entra groups carry, and whether a user the hub has never seen gets <see cref="DefaultRole"/> and is recorded
/// (just-in-time provisioning). <see cref="DirectoryId"/> is the tenant's general setting, shown here read-only.
/// <see cref="Version"/> is 0 until the first change and is the HTTP ETag.
/// </summary>
public sealed record SsoSettings(
    string TenantId,
    string? DirectoryId,
    IReadOnlyList<string> AllowedDomains,
    bool JustInTimeProvisioning,
    IReadOnlyList<SsoGroupRole> GroupRoles,
    Role? DefaultRole,
    long Version,
    DateTimeOffset? UpdatedAt,
    string? UpdatedBy) : IHasETag
{
    public const int MaxGroupRoles = 100;

    public const int MaxAllowedDomains = 100;

    public string ETag => $"\"{Version}\"";

    public static SsoSettings Empty(string tenantId, string? directoryId) => new(tenantId, directoryId, [], false, [], null, 0, null, null);

    /// <summary>
    /// Whether a user whose sign-in name is <paramref name="userName"/> may sign in. Only the exact domain after
    /// the last '@' counts (a subdomain must be listed itself); no name at all passes only an unrestricted list.
    /// </summary>
    public bool AllowsUser(string? userName)
    {
        if (AllowedDomains.Count == 0)
        {
            return true;
        }
        var at = userName?.LastIndexOf('@') ?? -1;
        if (at < 0)
        {
            return false;
        }
        var domain = userName![(at + 1)..];
        return AllowedDomains.Any(allowed => string.Equals(allowed, domain, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The roles the listed groups carry (group ids compared case-insensitively), each once.</summary>
    public IReadOnlyList<Role> RolesForGroups(IEnumerable<string> groupIds)
    {
        var groups = groupIds.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return [.. GroupRoles.Where(mapping => groups.Contains(mapping.GroupId)).Select(mapping => mapping.Role).Distinct()];
    }
}

/// <summary>The body of <c>PUT …/security/sso</c>: the whole new configuration.</summary>
public sealed record SsoSettingsRequest(
    IReadOnlyList<string?>? AllowedDomains,
    bool? JustInTimeProvisioning,
    IReadOnlyList<SsoGroupRoleRequest?>? GroupRoles,
    string? DefaultRole);

public sealed record SsoGroupRoleRequest(string? GroupId, string? Role);
