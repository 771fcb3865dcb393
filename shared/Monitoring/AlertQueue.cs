using System.Text.Json;
using System.Text.Json.Serialization;
using DataGovernance.Storage;

namespace DataGovernance.Monitoring;

/// <summary>
/// Puts alerts on the <see cref="StorageNames.AlertsQueue"/> queue as JSON (Base64-encoded by the account's queue
/// clients), for whatever notifies people: a Logic App, a queue-triggered function, an on-call tool.
/// </summary>
public sealed class AlertQueue(HubStorage storage)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public async Task PublishAsync(Alert alert, CancellationToken cancellationToken) =>
        await storage.Primary.Queues.GetQueueClient(StorageNames.AlertsQueue)
            .SendMessageAsync(JsonSerializer.Serialize(alert, Json), cancellationToken);
}
