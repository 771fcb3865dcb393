using System.Text.Json;
using DataGovernance.Records;
using DataGovernance.Runtime;
using DataGovernance.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Classification;

/// <summary>The message that asks for one record to be classified again: which record, and the version the write left.</summary>
public sealed record ClassifyRecordMessage(string TenantId, string Collection, string RecordId, long Version);

/// <summary>
/// The <c>classify-records</c> queue: every record write asks for the record to be classified, and
/// <see cref="Function"/> does it. The message is only a hint: the handler reads the record as it is then, so a
/// late, repeated or out-of-order message does no harm.
/// </summary>
public sealed class ClassificationQueue(HubStorage storage, QueueSignals signals, ILogger<ClassificationQueue> logger) : IRecordWriteObserver
{
    /// <summary>Created with the hub's other queues at startup (<see cref="StorageInitializer"/>).</summary>
    public const string QueueName = StorageNames.ClassifyRecordsQueue;

    public const string FunctionName = "ClassifyRecord";

    /// <summary>How long a write waits to queue its classification before leaving it to the re-scan.</summary>
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(5);

    public static FunctionDefinition Function { get; } = FunctionDefinition.Queue(FunctionName, QueueName, HandleAsync);

    /// <summary>A bulk change re-scans the tenant afterwards; a message per record would only repeat that work.</summary>
    public bool FollowsBulkChangesOf(string collection) => false;

    /// <summary>
    /// Queues the classification of records just written. Never throws: the write is already committed, and a record whose
    /// message was lost is classified by the next re-scan.
    /// </summary>
    public async Task CommittedAsync(string tenantId, IReadOnlyList<ChangeLogEntry> changes, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        foreach (var (collection, recordId, version) in changes.Select(change => (change.Collection, change.RecordId, change.Version)))
        {
            try
            {
                var queue = storage.Primary.Queues.GetQueueClient(QueueName);
                var message = new ClassifyRecordMessage(tenantId, collection, recordId, version);
                await queue.SendMessageAsync(BinaryData.FromObjectAsJson(message, DataClassificationStore.Json), cancellationToken: timeout.Token);
            }
            catch (Exception ex)
            {
                logger.EnqueueFailed(ex, tenantId, collection, recordId);
            }
        }
        signals.Nudge(QueueName);
    }

    private static async Task HandleAsync(QueueMessageInfo message, IServiceProvider services, CancellationToken cancellationToken)
    {
        var request = JsonSerializer.Deserialize<ClassifyRecordMessage>(message.Body, DataClassificationStore.Json)
            ?? throw new JsonException("An empty classification message.");
        await services.GetRequiredService<DataClassificationService>().ReclassifyAsync(request.TenantId, request.Collection, request.RecordId, cancellationToken);
    }
}
