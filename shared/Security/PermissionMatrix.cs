namespace DataGovernance.Security;

/// <summary>
/// The one table of who may do what. Deny by default: a role has exactly the permissions listed here.
/// </summary>
public static class PermissionMatrix
{
    private static readonly Permission[] ReadTenantData =
        [Permission.SettingsRead, Permission.RecordsRead, Permission.TimelineRead, Permission.AuditRead, Permission.TeamRead, Permission.OrchestrationsRead, Permission.BackupRead,
            Permission.OwnAccount];

    private static readonly Dictionary<Role, HashSet<Permission>> Grants = new()
    {
        [Role.Owner] = TenantWide(),
        // Erasing a person is the data protection officer's decision (or the Owner's): an administrator can start one, not approve it.
        // Restricted personal data leaves the hub unmasked only for the Owner or the data protection officer.
        [Role.Admin] = [.. TenantWide().Where(permission => permission is not (Permission.PrivacyErasuresApprove or Permission.ExportsUnmasked))],
        [Role.ComplianceManager] =
        [
            Permission.SettingsRead, Permission.RecordsRead, Permission.RecordsWrite, Permission.TimelineRead, Permission.TeamRead,
            Permission.OrchestrationsRead, Permission.BackupRead, Permission.PrivacyRead, Permission.PrivacyRequestsRead, Permission.ReportsRead,
            Permission.ReportsManage, Permission.EvidencePackagesRead, Permission.EvidencePackagesBuild, Permission.ExportsManage,
            Permission.ImportsRead, Permission.ImportsManage, Permission.OwnAccount,
        ],
        [Role.DataProtectionOfficer] =
        [
            Permission.SettingsRead, Permission.RecordsRead, Permission.RecordsWrite, Permission.TimelineRead, Permission.AuditRead, Permission.TeamRead,
            Permission.OrchestrationsRead, Permission.BackupRead, Permission.PrivacyRead, Permission.PrivacyManage,
            Permission.PrivacyRequestsRead, Permission.PrivacyRequestsManage, Permission.DpiasApprove, Permission.PrivacyErasuresApprove,
            Permission.ReportsRead, Permission.ExportsManage, Permission.ExportsUnmasked, Permission.ImportsRead, Permission.ImportsManage,
            Permission.OwnAccount,
        ],
        [Role.Auditor] =
        [
            .. ReadTenantData, Permission.SecurityRead, Permission.PrivacyRead, Permission.PrivacyRequestsRead, Permission.ReportsRead,
            Permission.EvidencePackagesRead, Permission.ExportsManage, Permission.ImportsRead,
        ],
        [Role.Member] = [Permission.RecordsRead, Permission.RecordsWrite, Permission.OwnAccount],
        [Role.PlatformAdmin] = [.. Enum.GetValues<Permission>()],
        [Role.PlatformOperator] =
        [
            Permission.TenantsRead, Permission.PlatformAuditRead, Permission.PlatformOrchestrationsRead, Permission.PlatformOrchestrationsManage,
            Permission.PlatformBackupsRead, Permission.SettingsRead, Permission.SecurityRead, Permission.AuditRead, Permission.TeamRead, Permission.OrchestrationsRead,
            Permission.OrchestrationsManage, Permission.BackupRead, Permission.PrivacyRead, Permission.PrivacyRequestsRead, Permission.OwnAccount,
        ],
    };

    public static IReadOnlySet<Permission> For(Role role) => Grants[role];

    public static IReadOnlySet<Permission> For(IEnumerable<Role> roles) =>
        roles.SelectMany(role => Grants[role]).ToHashSet();

    /// <summary>Everything inside a tenant except the data protection officer's sign-off, which stays with that role.</summary>
    private static HashSet<Permission> TenantWide() =>
        Enum.GetValues<Permission>().Where(p => !p.IsPlatformWide() && p != Permission.DpiasApprove).ToHashSet();
}
