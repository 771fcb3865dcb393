using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Notifications;

public enum NotificationChannel
{
    Email,
}

/// <summary>A message's delivery state; a sender marks what it sent (only <see cref="Pending"/> exists so far).</summary>
public enum NotificationStatus
{
    Pending,
}

/// <summary>A message waiting to be sent: the template to render and its parameters, addressed to one recipient.</summary>
public sealed record OutboxMessage(
    string Id,
    string TenantId,
    NotificationChannel Channel,
    string Recipient,
    string Template,
    IReadOnlyDictionary<string, string> Parameters,
    DateTimeOffset CreatedAt,
    NotificationStatus Status);

/// <summary>
/// Messages the hub wants sent to people outside it (partition = tenant, rows oldest first), written where the
/// decision is made and drained by a sender. Holds personal data (addresses) and one-time codes: never log a row.
/// </summary>
public sealed class NotificationOutbox(HubStorage storage, TimeProvider clock)
{
    private TableClient Table => storage.Primary.Table(StorageNames.NotificationOutboxTable);

    public async Task<OutboxMessage> EnqueueAsync(
        string tenantId, NotificationChannel channel, string recipient, string template, IReadOnlyDictionary<string, string> parameters,
        CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNowForStorage();
        var message = new OutboxMessage($"{now.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}-{Guid.NewGuid():N}"[..28], tenantId, channel,
            recipient, template, parameters, now, NotificationStatus.Pending);
        await Table.AddEntityAsync(new TableEntity(tenantId, message.Id)
        {
            ["Channel"] = channel.ToString(),
            ["Recipient"] = recipient,
            ["Template"] = template,
            ["Parameters"] = JsonSerializer.Serialize(parameters),
            ["CreatedAt"] = now,
            ["Status"] = message.Status.ToString(),
        }, cancellationToken);
        return message;
    }

    /// <summary>The tenant's pending messages, oldest first.</summary>
    public async Task<IReadOnlyList<OutboxMessage>> ListPendingAsync(string tenantId, int max, CancellationToken cancellationToken)
    {
        var messages = new List<OutboxMessage>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenantId} and Status eq {nameof(NotificationStatus.Pending)}");
        await foreach (var row in Table.QueryAsync<TableEntity>(filter, Math.Min(max, 1000), cancellationToken: cancellationToken))
        {
            messages.Add(new OutboxMessage(row.RowKey, tenantId, Enum.Parse<NotificationChannel>(row.GetString("Channel")!), row.GetString("Recipient") ?? "",
                row.GetString("Template") ?? "", JsonSerializer.Deserialize<Dictionary<string, string>>(row.GetString("Parameters") ?? "{}") ?? [],
                row.GetDateTimeOffset("CreatedAt") ?? default, Enum.Parse<NotificationStatus>(row.GetString("Status")!)));
            if (messages.Count >= max)
            {
                break;
            }
        }
        return messages;
    }
}
