namespace DataGovernance.Security;

/// <summary>Everything a caller can be allowed to do. API key scopes are permission names.</summary>
public enum Permission
{
    TenantsRead,
    TenantsManage,
    PlatformAuditRead,
    PlatformOrchestrationsRead,
    PlatformOrchestrationsManage,
    PlatformBackupsRead,
    PlatformBackupsManage,
    SettingsRead,
    SettingsWrite,
    ApiKeysManage,
    SecurityRead,
    SecurityManage,
    TeamRead,
    TeamManage,
    RecordsRead,
    RecordsWrite,
    TimelineRead,
    AuditRead,
    OrchestrationsRead,
    OrchestrationsManage,
    BackupRead,
    BackupManage,
    RestoresManage,
    PrivacyRead,
    PrivacyManage,
    PrivacyRequestsRead,
    PrivacyRequestsManage,
    EvidencePackagesRead,
    EvidencePackagesBuild,

    /// <summary>Reading compliance reports and their schedules and runs.</summary>
    ReportsRead,

    /// <summary>Scheduling reports and exports.</summary>
    ReportsManage,
    ImportsRead,
    ImportsManage,

    /// <summary>
    /// Signing off a data protection impact assessment: the data protection officer's decision (GDPR Art. 35(2), 39(1)(c)).
    /// A person's act, never an API key scope.
    /// </summary>
    DpiasApprove,

    /// <summary>Approving (or rejecting) the plan of an erasure: a data protection officer's (or Owner's) decision. A person's act, never an API key scope.</summary>
    PrivacyErasuresApprove,

    /// <summary>A person's own account: their MFA devices, backup codes and sessions. Never an API key scope.</summary>
    OwnAccount,

    /// <summary>Starting bulk exports of records and reading their state and files.</summary>
    ExportsManage,

    /// <summary>
    /// Seeing restricted fields (per the sensitivity map) unmasked in exports: an Owner's or data protection officer's
    /// privilege, decided when an export is requested. A person's privilege, never an API key scope.
    /// </summary>
    ExportsUnmasked,
}

public static class Permissions
{
    private static readonly Dictionary<Permission, string> ScopeNames = new()
    {
        [Permission.TenantsRead] = "tenants.read",
        [Permission.TenantsManage] = "tenants.manage",
        [Permission.PlatformAuditRead] = "platform-audit.read",
        [Permission.PlatformOrchestrationsRead] = "platform-orchestrations.read",
        [Permission.PlatformOrchestrationsManage] = "platform-orchestrations.manage",
        [Permission.PlatformBackupsRead] = "platform-backups.read",
        [Permission.PlatformBackupsManage] = "platform-backups.manage",
        [Permission.SettingsRead] = "settings.read",
        [Permission.SettingsWrite] = "settings.write",
        [Permission.ApiKeysManage] = "apikeys.manage",
        [Permission.SecurityRead] = "security.read",
        [Permission.SecurityManage] = "security.manage",
        [Permission.TeamRead] = "team.read",
        [Permission.TeamManage] = "team.manage",
        [Permission.RecordsRead] = "records.read",
        [Permission.RecordsWrite] = "records.write",
        [Permission.TimelineRead] = "timeline.read",
        [Permission.AuditRead] = "audit.read",
        [Permission.OrchestrationsRead] = "orchestrations.read",
        [Permission.OrchestrationsManage] = "orchestrations.manage",
        [Permission.BackupRead] = "backup.read",
        [Permission.BackupManage] = "backup.manage",
        [Permission.RestoresManage] = "restores.manage",
        [Permission.PrivacyRead] = "privacy.read",
        [Permission.PrivacyManage] = "privacy.manage",
        [Permission.PrivacyRequestsRead] = "privacy-requests.read",
        [Permission.PrivacyRequestsManage] = "privacy-requests.manage",
        [Permission.ReportsRead] = "reports.read",
        [Permission.ReportsManage] = "reports.manage",
        [Permission.EvidencePackagesRead] = "evidence-packages.read",
        [Permission.EvidencePackagesBuild] = "evidence-packages.build",
        [Permission.ImportsRead] = "imports.read",
        [Permission.ImportsManage] = "imports.manage",
        [Permission.DpiasApprove] = "dpias.approve",
        [Permission.PrivacyErasuresApprove] = "privacy-erasures.approve",
        [Permission.OwnAccount] = "account.self",
        [Permission.ExportsManage] = "exports.manage",
        [Permission.ExportsUnmasked] = "exports.unmasked",
    };

    private static readonly Dictionary<string, Permission> ByScope =
        ScopeNames.ToDictionary(pair => pair.Value, pair => pair.Key, StringComparer.Ordinal);

    /// <summary>Permissions that concern the whole platform and can never be granted inside a tenant.</summary>
    public static bool IsPlatformWide(this Permission permission) =>
        permission is Permission.TenantsRead or Permission.TenantsManage or Permission.PlatformAuditRead
            or Permission.PlatformOrchestrationsRead or Permission.PlatformOrchestrationsManage
            or Permission.PlatformBackupsRead or Permission.PlatformBackupsManage;

    /// <summary>Permissions an API key may carry: tenant permissions that do not belong to a person.</summary>
    public static bool IsGrantableToApiKeys(this Permission permission) =>
        !permission.IsPlatformWide()
        && permission is not (Permission.OwnAccount or Permission.DpiasApprove or Permission.PrivacyErasuresApprove or Permission.ExportsUnmasked);

    public static string ToScope(this Permission permission) => ScopeNames[permission];

    public static bool TryParseScope(string? scope, out Permission permission) =>
        ByScope.TryGetValue(scope ?? "", out permission);

    public static IEnumerable<string> ApiKeyScopes => ScopeNames.Where(pair => pair.Key.IsGrantableToApiKeys()).Select(pair => pair.Value);
}
