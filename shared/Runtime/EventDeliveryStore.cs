using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using DataGovernance.Storage;

namespace DataGovernance.Runtime;

/// <summary>
/// Which events each Event Grid function has handled (table <c>EventDeliveries</c>: partition = function name, row =
/// SHA-256 of the event id, since ids may hold characters a row key cannot). Written after a handler succeeded.
/// </summary>
public sealed class EventDeliveryStore(HubStorage storage)
{
    private TableClient Table => storage.Primary.Table(StorageNames.EventDeliveriesTable);

    public async Task<bool> WasDeliveredAsync(string functionName, string eventId, CancellationToken cancellationToken)
    {
        var row = await Table.GetEntityIfExistsAsync<TableEntity>(functionName, RowKey(eventId), select: ["PartitionKey"], cancellationToken);
        return row.HasValue;
    }

    public async Task RecordAsync(string functionName, string eventId, string eventType, DateTimeOffset deliveredAt, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(functionName, RowKey(eventId))
        {
            ["EventId"] = eventId,
            ["EventType"] = eventType,
            ["DeliveredAt"] = deliveredAt,
        };
        await Table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    private static string RowKey(string eventId) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(eventId)));
}
