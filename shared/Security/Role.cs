namespace DataGovernance.Security;

/// <summary>Tenant roles and platform roles (ARCHITECTURE §6). Names are the API and token values.</summary>
public enum Role
{
    Owner,
    Admin,
    ComplianceManager,
    DataProtectionOfficer,
    Auditor,
    Member,
    PlatformAdmin,
    PlatformOperator,
}

public static class Roles
{
    public static bool IsPlatform(this Role role) => role is Role.PlatformAdmin or Role.PlatformOperator;

    public static IReadOnlyList<Role> TenantRoles { get; } = Enum.GetValues<Role>().Where(r => !r.IsPlatform()).ToArray();

    public static bool TryParse(string? value, out Role role) =>
        Enum.TryParse(value, ignoreCase: false, out role) && Enum.IsDefined(role) && !int.TryParse(value, out _);
}
