using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;

namespace DataGovernance.Runtime;

/// <summary>
/// Keeps a received message invisible while its handler runs: extends the visibility timeout at half time and
/// tracks the pop receipt each extension rotates, which the final delete or update needs.
/// </summary>
internal sealed class MessageLease(QueueClient queue, QueueMessage message, TimeSpan visibilityTimeout, TimeProvider clock)
{
    public string PopReceipt { get; private set; } = message.PopReceipt;

    /// <summary>Runs until cancelled; returns the failure that ended renewal early, if any.</summary>
    public async Task<Exception?> KeepAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await Task.Delay(visibilityTimeout / 2, clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return null;
            }
            try
            {
                // Not cancellable once sent: an extension that happened but whose new receipt was lost would leave
                // the message impossible to delete.
                var receipt = await queue.UpdateMessageAsync(message.MessageId, PopReceipt, visibilityTimeout: visibilityTimeout, cancellationToken: CancellationToken.None);
                PopReceipt = receipt.Value.PopReceipt;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                return ex;
            }
        }
    }
}
