namespace DataGovernance.Storage;

/// <summary>Every table, blob container and queue the hub owns in the primary account (besides the trigger and engine queues).</summary>
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

    /// <summary>Each tenant's own personal-data recognizers (patterns, validators, context words), one row per tenant.</summary>
    public const string ClassificationRecognizersTable = "ClassificationRecognizers";

    /// <summary>
    /// What classification found in each tenant's records (sensitivity, categories, entities per field, never a value), the
    /// subject index (keyed hashes of identifiers → record and field) and the special categories first found per tenant.
    /// </summary>
    public const string DataClassificationsTable = "DataClassifications";

    /// <summary>Hub accounts, the e-mail addresses they sign in with and invitations, partitioned by tenant.</summary>
    public const string UsersTable = "Users";

    /// <summary>Signed-in devices of hub accounts and their refresh-token families.</summary>
    public const string SessionsTable = "Sessions";

    /// <summary>Failed sign-in and second-factor attempts per account and per client IP, and the lockouts they caused.</summary>
    public const string SignInAttemptsTable = "SignInAttempts";

    /// <summary>Each tenant's sign-in policy: MFA requirement, step-up window, session timeouts.</summary>
    public const string SignInPoliciesTable = "SignInPolicies";

    /// <summary>
    /// People's second factor: authenticator devices (secrets encrypted, the last accepted time step) and backup code
    /// hashes, partitioned by tenant (<c>platform</c> for operators), one person's rows under one key prefix.
    /// </summary>
    public const string MfaDevicesTable = "MfaDevices";

    /// <summary>Each tenant's security events (sign-ins, changed security settings, new keys, downloads), newest first.</summary>
    public const string SecurityEventsTable = "SecurityEvents";

    /// <summary>What the security detectors remember: the addresses users signed in from, and when each detection last alerted.</summary>
    public const string SecurityDetectionsTable = "SecurityDetections";

    /// <summary>Each tenant's record of processing activities (GDPR Art. 30), one row per activity.</summary>
    public const string ProcessingActivitiesTable = "ProcessingActivities";

    /// <summary>
    /// Each tenant's consent ledger: append-only entries, each stored under its occurrence time and under its subject's
    /// pseudonymous key, plus one hash-chain head per subject.
    /// </summary>
    public const string ConsentLedgerTable = "ConsentLedger";

    /// <summary>
    /// Data subject requests (GDPR, CCPA): one row per request (the request as JSON, with its status, type and deadline as
    /// columns for listing) and its history steps beside it, written in one transaction.
    /// </summary>
    public const string PrivacyRequestsTable = "PrivacyRequests";

    /// <summary>
    /// Data protection impact assessments: one row per assessment, its history steps beside it, and a claim row per
    /// automatic trigger and subject that keeps a repeated finding from opening a second one.
    /// </summary>
    public const string DpiasTable = "Dpias";

    /// <summary>Each tenant's cross-border transfer rules (residency, allowed regions and countries per data category), one row per tenant.</summary>
    public const string CrossBorderRulesTable = "CrossBorderRules";

    /// <summary>Messages to people outside the hub (verification codes), waiting for a sender.</summary>
    public const string NotificationOutboxTable = "NotificationOutbox";

    /// <summary>
    /// Erasures of personal data on request: one row per erasure (its plan, approval, progress and certificate) and one
    /// per record it covers, beside it.
    /// </summary>
    public const string PrivacyErasuresTable = "PrivacyErasures";

    /// <summary>Legal holds on records and data subjects, in force and released, one row per hold.</summary>
    public const string LegalHoldsTable = "LegalHolds";

    /// <summary>Each tenant's retention policies, one row per policy.</summary>
    public const string RetentionPoliciesTable = "RetentionPolicies";

    /// <summary>Retention runs, dry and real, with what each found due per policy; their items and certificates are blobs.</summary>
    public const string RetentionRunsTable = "RetentionRuns";

    /// <summary>Each tenant's report and export schedules (NCRONTAB, next occurrence), one row per schedule.</summary>
    public const string ReportSchedulesTable = "ReportSchedules";

    /// <summary>Runs of report and export schedules, one row per schedule and occurrence: status, timings, output and failure.</summary>
    public const string ScheduledRunsTable = "ScheduledRuns";

    /// <summary>Evidence packages: one row per package (scope, status, the steps it went through, its size and SHA-256).</summary>
    public const string EvidencePackagesTable = "EvidencePackages";

    /// <summary>Each tenant's saved views of a collection (filter, fields, sort), one row per view.</summary>
    public const string DataViewsTable = "DataViews";

    /// <summary>Bulk export jobs: source, format, masking, destination, status, counts, SHA-256 and expiry, one row per job.</summary>
    public const string DataExportsTable = "DataExports";

    /// <summary>Imports of records from files: one row per batch (status, counts, requester, times, the mapping it used).</summary>
    public const string ImportBatchesTable = "ImportBatches";

    /// <summary>Each tenant's saved column mappings of imports (columns, value maps, key field), one row per template.</summary>
    public const string ImportMappingTemplatesTable = "ImportMappingTemplates";

    public const string BrandingContainer = "branding";

    /// <summary>Evidence records' files, content-addressed per tenant (<c>{tenant}/sha256/{hash}</c>), and uploads being staged.</summary>
    public const string EvidenceContainer = "evidence";

    /// <summary>Signed evidence packages for auditors (ZIP: compliance report, evidence files, manifest, chain of custody, signature), per tenant and package.</summary>
    public const string EvidencePackagesContainer = "evidence-packages";

    /// <summary>Access and portability packages of data subject requests (ZIP of JSON, CSV and a SHA-256 manifest), per tenant and request.</summary>
    public const string PrivacyPackagesContainer = "privacy-packages";

    /// <summary>Snapshot chunks and manifests; the secondary account holds the replicas under the same names.</summary>
    public const string BackupsContainer = "backups";

    /// <summary>Bulk export files, per tenant and export, deleted when the export expires.</summary>
    public const string ExportsContainer = "exports";

    /// <summary>Signed drill reports and other backup evidence.</summary>
    public const string BackupReportsContainer = "backup-reports";

    /// <summary>Keys the hub generates for itself on development machines (the evidence signing key).</summary>
    public const string KeysContainer = "hub-keys";

    /// <summary>Privacy evidence: the items of retention runs and their signed deletion certificates; signed certificates of erasure.</summary>
    public const string PrivacyEvidenceContainer = "privacy-evidence";

    /// <summary>Reports written by scheduled runs, per tenant, schedule and run.</summary>
    public const string ReportsContainer = "reports";

    /// <summary>Import files as uploaded, the rows their validation accepted and their error reports, per tenant and batch.</summary>
    public const string ImportsContainer = "imports";

    /// <summary>The trigger runtime's own blobs: timer schedule status and singleton lock blobs.</summary>
    public const string RuntimeContainer = "hub-runtime";

    public static IReadOnlyList<string> Tables { get; } =
        [TenantsTable, RecordsTable, AuditLogTable, ApiKeysTable, RoleAssignmentsTable, EventDeliveriesTable, RestorePointsTable,
            BackupPoliciesTable, RestoreRequestsTable, RestoreDrillsTable, AlertsTable, ErasureLedgerTable, DrillScratchTable,
            IpAllowlistsTable, RateLimitsTable, SsoSettingsTable, UsersTable, SessionsTable, SignInAttemptsTable, SignInPoliciesTable, MfaDevicesTable,
            SecurityEventsTable, SecurityDetectionsTable, DelegationsTable, DepartmentsTable, ClassificationRecognizersTable,
            ProcessingActivitiesTable, ConsentLedgerTable, PrivacyRequestsTable, NotificationOutboxTable, DataClassificationsTable,
            DpiasTable, CrossBorderRulesTable, LegalHoldsTable, RetentionPoliciesTable, RetentionRunsTable, PrivacyErasuresTable,
            ReportSchedulesTable, ScheduledRunsTable, EvidencePackagesTable, DataViewsTable, DataExportsTable, ImportBatchesTable,
            ImportMappingTemplatesTable];

    public static IReadOnlyList<string> Containers { get; } = [BrandingContainer, RuntimeContainer, BackupsContainer, BackupReportsContainer, KeysContainer,
        PrivacyEvidenceContainer, PrivacyPackagesContainer, ReportsContainer, EvidenceContainer, EvidencePackagesContainer, ExportsContainer,
        ImportsContainer];

    /// <summary>Alerts as JSON messages for whatever notifies people; the hub itself does not read it.</summary>
    public const string AlertsQueue = "alerts";

    /// <summary>A message per record write asking for the record to be classified (<c>ClassificationQueue</c>).</summary>
    public const string ClassifyRecordsQueue = "classify-records";

    /// <summary>Event Grid-schema events telling people that a scheduled report or export was delivered (or failed), for whatever notifies them.</summary>
    public const string NotificationsQueue = "notifications";

    public static IReadOnlyList<string> Queues { get; } = [AlertsQueue, ClassifyRecordsQueue, NotificationsQueue];
}
