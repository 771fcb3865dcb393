namespace DataGovernance.Storage;

/// <summary>Every table and blob container the hub owns in the primary account.</summary>
public static class StorageNames
{
    public const string TenantsTable = "Tenants";

    /// <summary>Records and their change log share one table: an entity-group transaction cannot span tables.</summary>
    public const string RecordsTable = "Records";

    public const string AuditLogTable = "AuditLog";

    public const string ApiKeysTable = "ApiKeys";

    public const string RoleAssignmentsTable = "RoleAssignments";

    public const string BrandingContainer = "branding";

    public static IReadOnlyList<string> Tables { get; } =
        [TenantsTable, RecordsTable, AuditLogTable, ApiKeysTable, RoleAssignmentsTable];

    public static IReadOnlyList<string> Containers { get; } = [BrandingContainer];
}
