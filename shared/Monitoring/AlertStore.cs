using Azure.Data.Tables;
using DataGovernance.Storage;
using DataGovernance.Tenancy;

namespace DataGovernance.Monitoring;

/// <summary>Alerts per tenant (or the platform), newest first.</summary>
public sealed class AlertStore(HubStorage storage, TimeProvider clock)
{
    private TableClient Table => storage.Primary.Table(StorageNames.AlertsTable);

    public async Task<Alert> RaiseAsync(string? tenantId, string kind, AlertSeverity severity, string subject, string message, CancellationToken cancellationToken)
    {
        var raisedAt = clock.GetUtcNowForStorage();
        var alert = new Alert($"{RowKeys.NewestFirst(raisedAt.UtcTicks)}-{Guid.NewGuid():N}"[..28], tenantId, kind, severity, subject, message, raisedAt);
        await Table.AddEntityAsync(new TableEntity(tenantId ?? TenantIds.Platform, alert.Id)
        {
            ["Kind"] = kind,
            ["Severity"] = severity.ToString(),
            ["Subject"] = subject,
            ["Message"] = message,
            ["RaisedAt"] = raisedAt,
        }, cancellationToken);
        return alert;
    }

    /// <summary>The newest alerts of a tenant (or the platform) whose kind starts with <paramref name="kindPrefix"/>.</summary>
    public async Task<IReadOnlyList<Alert>> ListAsync(string? tenantId, string? kindPrefix, int max, CancellationToken cancellationToken)
    {
        var partition = tenantId ?? TenantIds.Platform;
        var filter = TableFilter.All(
            TableClient.CreateQueryFilter($"PartitionKey eq {partition}"),
            kindPrefix is null ? null : TableClient.CreateQueryFilter($"Kind ge {kindPrefix} and Kind lt {RowKeys.PrefixEnd(kindPrefix)}"));
        var alerts = new List<Alert>();
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            alerts.Add(new Alert(row.RowKey, tenantId, row.GetString("Kind") ?? "", Enum.Parse<AlertSeverity>(row.GetString("Severity") ?? nameof(AlertSeverity.Warning)),
                row.GetString("Subject") ?? "", row.GetString("Message") ?? "", row.GetDateTimeOffset("RaisedAt") ?? default));
            if (alerts.Count >= max)
            {
                break;
            }
        }
        return alerts;
    }
}
