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

    /// <summary>Which Event Grid events each function has handled, so that a redelivery does not run it twice.</summary>
    public const string EventDeliveriesTable = "EventDeliveries";

    public const string BrandingContainer = "branding";

    /// <summary>The trigger runtime's own blobs: timer schedule status and singleton lock blobs.</summary>
    public const string RuntimeContainer = "hub-runtime";

    public static IReadOnlyList<string> Tables { get; } =
        [TenantsTable, RecordsTable, AuditLogTable, ApiKeysTable, RoleAssignmentsTable, EventDeliveriesTable];

    public static IReadOnlyList<string> Containers { get; } = [BrandingContainer, RuntimeContainer];
}
