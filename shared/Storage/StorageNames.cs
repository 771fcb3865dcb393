namespace DataGovernance.Storage;

/// <summary>Every table and blob container the hub owns in the primary account.</summary>
public static class StorageNames
{
    public const string TenantsTable = "Tenants";

    /// <summary>Records and their change log share one table: an entity-group transaction cannot span tables.</summary>
    public const string RecordsTable = "Records";

    public const string AuditLogTable = "AuditLog";

    public const string ApiKeysTable = "ApiKeys";

    /// <summary>Team members: their assigned roles, profile, department and status (the table kept its first name).</summary>
    public const string RoleAssignmentsTable = "RoleAssignments";

    /// <summary>Temporary role grants, active and ended.</summary>
    public const string DelegationsTable = "Delegations";

    /// <summary>Each tenant's departments, one row per tenant.</summary>
    public const string DepartmentsTable = "Departments";

    /// <summary>Which Event Grid events each function has handled, so that a redelivery does not run it twice.</summary>
    public const string EventDeliveriesTable = "EventDeliveries";

    /// <summary>Restore points of every tenant: one row per verified snapshot and its replication state.</summary>
    public const string RestorePointsTable = "RestorePoints";

    /// <summary>Backup policies (schedule, retention, targets) and the scheduler's bookkeeping.</summary>
    public const string BackupPoliciesTable = "BackupPolicies";

    /// <summary>Restore requests: scope, source, reason, impact, approvals and outcome.</summary>
    public const string RestoreRequestsTable = "RestoreRequests";

    /// <summary>Signed restore drill reports.</summary>
    public const string RestoreDrillsTable = "RestoreDrills";

    /// <summary>Alerts raised by the hub's own checks (integrity, readiness, replication).</summary>
    public const string AlertsTable = "Alerts";

    /// <summary>Personal data erased on request, re-applied after every restore so that it never comes back.</summary>
    public const string ErasureLedgerTable = "ErasureLedger";

    /// <summary>Scratch rows of restore drills, isolated from live data and deleted after each drill.</summary>
    public const string DrillScratchTable = "DrillScratch";

    /// <summary>Each tenant's IP allowlist, one row per tenant.</summary>
    public const string IpAllowlistsTable = "IpAllowlists";

    /// <summary>The request rates tenants chose for themselves and their API keys.</summary>
    public const string RateLimitsTable = "RateLimits";

    /// <summary>Each tenant's Entra sign-in settings: allowed domains, group roles, just-in-time provisioning.</summary>
    public const string SsoSettingsTable = "SsoSettings";

    public const string BrandingContainer = "branding";

    /// <summary>Snapshot chunks and manifests; the secondary account holds the replicas under the same names.</summary>
    public const string BackupsContainer = "backups";

    /// <summary>Signed drill reports and other backup evidence.</summary>
    public const string BackupReportsContainer = "backup-reports";

    /// <summary>Keys the hub generates for itself on development machines (the evidence signing key).</summary>
    public const string KeysContainer = "hub-keys";

    /// <summary>The trigger runtime's own blobs: timer schedule status and singleton lock blobs.</summary>
    public const string RuntimeContainer = "hub-runtime";

    public static IReadOnlyList<string> Tables { get; } =
        [TenantsTable, RecordsTable, AuditLogTable, ApiKeysTable, RoleAssignmentsTable, EventDeliveriesTable, RestorePointsTable,
            BackupPoliciesTable, RestoreRequestsTable, RestoreDrillsTable, AlertsTable, ErasureLedgerTable, DrillScratchTable,
            IpAllowlistsTable, RateLimitsTable, SsoSettingsTable, DelegationsTable, DepartmentsTable];

    public static IReadOnlyList<string> Containers { get; } = [BrandingContainer, RuntimeContainer, BackupsContainer, BackupReportsContainer, KeysContainer];
}
