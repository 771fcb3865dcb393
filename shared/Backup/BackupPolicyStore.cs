using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Backup;

/// <summary>Backup policies, one row per tenant in one partition (so that the scheduler reads them all at once).</summary>
public sealed class BackupPolicyStore(HubStorage storage)
{
    private const string Partition = "policies";

    private TableClient Table => storage.Primary.Table(StorageNames.BackupPoliciesTable);

    public async Task<StoredBackupPolicy> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, tenantId, cancellationToken: cancellationToken);
        return row.HasValue ? ToPolicy(row.Value!) : new StoredBackupPolicy(tenantId, BackupPolicy.Default, true, null, null, null, null);
    }

    /// <summary>Every stored policy, by tenant.</summary>
    public async Task<Dictionary<string, StoredBackupPolicy>> ListAsync(CancellationToken cancellationToken)
    {
        var policies = new Dictionary<string, StoredBackupPolicy>(StringComparer.Ordinal);
        await foreach (var row in Table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            policies[row.RowKey] = ToPolicy(row);
        }
        return policies;
    }

    public async Task SaveAsync(StoredBackupPolicy policy, CancellationToken cancellationToken) =>
        await Table.UpsertEntityAsync(ToEntity(policy), TableUpdateMode.Replace, cancellationToken);

    private static TableEntity ToEntity(StoredBackupPolicy stored) => new(Partition, stored.TenantId)
    {
        ["Schedule"] = stored.Policy.Schedule,
        ["KeepDaily"] = stored.Policy.KeepDaily,
        ["KeepWeekly"] = stored.Policy.KeepWeekly,
        ["KeepMonthly"] = stored.Policy.KeepMonthly,
        ["ReplicateToSecondary"] = stored.Policy.ReplicateToSecondary,
        ["RpoMinutes"] = stored.Policy.RpoMinutes,
        ["RtoMinutes"] = stored.Policy.RtoMinutes,
        ["DrillSchedule"] = stored.Policy.DrillSchedule,
        ["Enabled"] = stored.Policy.Enabled,
        ["IsDefault"] = stored.IsDefault,
        ["LastScheduledBackup"] = stored.LastScheduledBackup,
        ["LastScheduledDrill"] = stored.LastScheduledDrill,
        ["UpdatedAt"] = stored.UpdatedAt,
        ["UpdatedBy"] = stored.UpdatedBy,
    };

    private static StoredBackupPolicy ToPolicy(TableEntity row) => new(
        row.RowKey,
        new BackupPolicy(
            row.GetString("Schedule") ?? BackupPolicy.Default.Schedule,
            row.GetInt32("KeepDaily") ?? BackupPolicy.Default.KeepDaily,
            row.GetInt32("KeepWeekly") ?? BackupPolicy.Default.KeepWeekly,
            row.GetInt32("KeepMonthly") ?? BackupPolicy.Default.KeepMonthly,
            row.GetBoolean("ReplicateToSecondary") ?? true,
            row.GetInt32("RpoMinutes") ?? BackupPolicy.Default.RpoMinutes,
            row.GetInt32("RtoMinutes") ?? BackupPolicy.Default.RtoMinutes,
            row.GetString("DrillSchedule"),
            row.GetBoolean("Enabled") ?? true),
        row.GetBoolean("IsDefault") ?? false,
        row.GetDateTimeOffset("LastScheduledBackup"),
        row.GetDateTimeOffset("LastScheduledDrill"),
        row.GetDateTimeOffset("UpdatedAt"),
        row.GetString("UpdatedBy"));
}
