using System.Text.RegularExpressions;

namespace DataGovernance.Tenancy;

public static partial class TenantIds
{
    /// <summary>Audit chain of platform-level events (tenant administration, requests without a tenant).</summary>
    public const string Platform = "platform";

    /// <summary>Lower-case letters, digits and inner hyphens, 3–63 characters: safe in keys, paths and host names.</summary>
    public static bool IsValid(string? tenantId) =>
        tenantId is not null && Pattern().IsMatch(tenantId) && tenantId != Platform;

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
