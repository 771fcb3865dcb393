using Azure.Storage.Queues;
using Azure.Storage.Queues.Specialized;

namespace DataGovernance.Runtime;

/// <summary>
/// Where messages go that cannot be handled: <c>&lt;queue&gt;-poison</c>, as under Azure Functions. Operators inspect
/// them there and re-queue them by hand.
/// </summary>
public static class PoisonQueues
{
    public const string Suffix = "-poison";

    /// <summary>Attempts a message gets before it is poisoned; the same as <c>maxDequeueCount</c> in host.json.</summary>
    public const int MaxDequeueCount = 5;

    public static string NameFor(string queueName) => queueName + Suffix;

    public static bool IsPoisonQueue(string queueName) => queueName.EndsWith(Suffix, StringComparison.Ordinal);

    /// <summary>
    /// Handles a received message that is not Base64 (sent by a client without the hub's encoding): without this
    /// the whole receive call fails, so one such message would stall its queue. It moves, raw, to the poison queue.
    /// </summary>
    public static async Task MoveUndecodableAsync(QueueMessageDecodingFailedEventArgs args)
    {
        if (args.ReceivedMessage is not { } message || IsPoisonQueue(args.Queue.Name))
        {
            return;
        }
        var poison = args.Queue.GetParentQueueServiceClient().GetQueueClient(NameFor(args.Queue.Name));
        if (args.IsRunningSynchronously)
        {
            poison.CreateIfNotExists(cancellationToken: args.CancellationToken);
            poison.SendMessage(message.Body, cancellationToken: args.CancellationToken);
            args.Queue.DeleteMessage(message.MessageId, message.PopReceipt, args.CancellationToken);
            return;
        }
        await poison.CreateIfNotExistsAsync(cancellationToken: args.CancellationToken);
        await poison.SendMessageAsync(message.Body, cancellationToken: args.CancellationToken);
        await args.Queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, args.CancellationToken);
    }
}
