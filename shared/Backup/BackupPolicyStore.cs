using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;
using Microsoft.Extensions.Options;

namespace DataGovernance.Backup;

/// <summary>Backup policies, one row per tenant in one partition (so that the scheduler reads them all at once).</summary>
public sealed class BackupPolicyStore(HubStorage storage, IOptions<BackupOptions> options)
{
    private const string Partition = "policies";

    private TableClient Table => storage.Primary.Table(StorageNames.BackupPoliciesTable);

    public async Task<StoredBackupPolicy> GetAsync(string tenantId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(Partition, tenantId, cancellationToken: cancellationToken);
        return row.HasValue ? ToPolicy(row.Value!) : DefaultFor(tenantId);
    }

    /// <summary>The policy of a tenant whose administrators have not set one.</summary>
    public StoredBackupPolicy DefaultFor(string tenantId) =>
        new(tenantId, BackupPolicy.Default(options.Value.SecondaryRegion), true, null, null, null, null);

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
        ["ReplicaRegion"] = stored.Policy.ReplicaRegion ?? BackupPolicy.NoReplica,
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

    private StoredBackupPolicy ToPolicy(TableEntity row)
    {
        var defaults = BackupPolicy.Default(options.Value.SecondaryRegion);
        var replicaRegion = row.GetString("ReplicaRegion") ?? defaults.ReplicaRegion;
        return new StoredBackupPolicy(
            row.RowKey,
            new BackupPolicy(
                row.GetString("Schedule") ?? defaults.Schedule,
                row.GetInt32("KeepDaily") ?? defaults.KeepDaily,
                row.GetInt32("KeepWeekly") ?? defaults.KeepWeekly,
                row.GetInt32("KeepMonthly") ?? defaults.KeepMonthly,
                replicaRegion == BackupPolicy.NoReplica ? null : replicaRegion,
                row.GetInt32("RpoMinutes") ?? defaults.RpoMinutes,
                row.GetInt32("RtoMinutes") ?? defaults.RtoMinutes,
                row.GetString("DrillSchedule"),
                row.GetBoolean("Enabled") ?? true),
            row.GetBoolean("IsDefault") ?? false,
            row.GetDateTimeOffset("LastScheduledBackup"),
            row.GetDateTimeOffset("LastScheduledDrill"),
            row.GetDateTimeOffset("UpdatedAt"),
            row.GetString("UpdatedBy"));
    }
}
