namespace DataGovernance.Backup;

/// <summary>The kinds of alert backup and recovery raise; they share a prefix so that the tab lists them together.</summary>
public static class BackupAlerts
{
    public const string KindPrefix = "backup-";

    /// <summary>A restore point has a missing or altered chunk or manifest.</summary>
    public const string Integrity = "backup-integrity";

    /// <summary>The tenant's recovery objectives are not met (RPO or RTO breached, no drill, no replica).</summary>
    public const string Readiness = "backup-readiness";
}
