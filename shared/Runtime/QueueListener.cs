using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Runtime;

/// <summary>
/// Feeds one queue function on this instance: receives messages in batches while it has free slots, polls with a
/// growing idle backoff (cut short by a nudge), keeps each message invisible to others while its handler runs, and
/// settles it afterwards: deleted on success, visible again after a failure, moved to the poison queue after the
/// last allowed attempt.
/// </summary>
internal sealed class QueueListener(
    FunctionDefinition function,
    QueueTrigger trigger,
    QueueServiceClient queues,
    FunctionInvoker invoker,
    QueueSignal signal,
    TriggerOptions options,
    TimeProvider clock,
    ILogger logger)
{
    public const int BatchSize = 32;

    public static readonly TimeSpan MinPollingInterval = TimeSpan.FromMilliseconds(100);

    private readonly QueueClient _queue = queues.GetQueueClient(trigger.QueueName);

    public async Task RunAsync(CancellationToken stopping)
    {
        var backoff = new PollingBackoff(MinPollingInterval, options.MaxPollingInterval);
        using var slots = new SemaphoreSlim(options.QueueConcurrency, options.QueueConcurrency);
        try
        {
            await EnsureQueueAsync(backoff, stopping);
            while (!stopping.IsCancellationRequested)
            {
                await slots.WaitAsync(stopping);
                var held = 1;
                while (held < BatchSize && slots.Wait(0, CancellationToken.None))
                {
                    held++;
                }
                QueueMessage[] messages = [];
                try
                {
                    messages = await ReceiveAsync(held, backoff, stopping);
                }
                finally
                {
                    if (held > messages.Length)
                    {
                        slots.Release(held - messages.Length);
                    }
                }
                if (messages.Length == 0)
                {
                    var delay = backoff.Next();
                    logger.QueueIdle(trigger.QueueName, delay.TotalMilliseconds);
                    await signal.WaitAsync(delay, clock, stopping);
                    continue;
                }
                backoff.Reset();
                foreach (var message in messages)
                {
                    _ = HandleAsync(message, slots, stopping);
                }
            }
        }
        catch (Exception) when (stopping.IsCancellationRequested)
        {
            // Stopping: the handlers in flight see the same token.
        }
        // Taking back every slot waits for the handlers still running.
        for (var slot = 0; slot < options.QueueConcurrency; slot++)
        {
            await slots.WaitAsync(CancellationToken.None);
        }
    }

    private async Task EnsureQueueAsync(PollingBackoff backoff, CancellationToken stopping)
    {
        while (true)
        {
            try
            {
                await _queue.CreateIfNotExistsAsync(cancellationToken: stopping);
                return;
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                var delay = backoff.Next();
                logger.QueuePollFailed(ex, trigger.QueueName, delay.TotalMilliseconds);
                await Task.Delay(delay, clock, stopping);
            }
        }
    }

    private async Task<QueueMessage[]> ReceiveAsync(int count, PollingBackoff backoff, CancellationToken stopping)
    {
        signal.Clear();
        try
        {
            return (await _queue.ReceiveMessagesAsync(count, options.VisibilityTimeout, stopping)).Value;
        }
        catch (Exception ex) when (!stopping.IsCancellationRequested)
        {
            var delay = backoff.Next();
            logger.QueuePollFailed(ex, trigger.QueueName, delay.TotalMilliseconds);
            await Task.Delay(delay, clock, stopping);
            return [];
        }
    }

    private async Task HandleAsync(QueueMessage message, SemaphoreSlim slots, CancellationToken stopping)
    {
        await Task.Yield();
        try
        {
            await ProcessAsync(message, stopping);
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task ProcessAsync(QueueMessage message, CancellationToken stopping)
    {
        // A message whose last attempt never finished (its instance died) comes back with a count past the limit.
        if (message.DequeueCount > PoisonQueues.MaxDequeueCount)
        {
            await SettleAsync(message, () => MoveToPoisonAsync(message, message.PopReceipt));
            return;
        }

        var lease = new MessageLease(_queue, message, options.VisibilityTimeout, clock);
        Exception? failure = null;
        using (var renewing = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            var renewal = lease.KeepAsync(renewing.Token);
            try
            {
                var info = new QueueMessageInfo(message.MessageId, message.Body.ToString(), message.DequeueCount,
                    message.InsertedOn, message.ExpiresOn, message.PopReceipt, message.NextVisibleOn);
                await invoker.InvokeAsync(function, info, stopping);
            }
            catch (Exception ex)
            {
                failure = ex;
            }
            await renewing.CancelAsync();
            if (await renewal is { } lost)
            {
                logger.MessageLeaseLost(lost, message.MessageId, trigger.QueueName);
            }
        }

        var receipt = lease.PopReceipt;
        if (failure is null)
        {
            await SettleAsync(message, () => _queue.DeleteMessageAsync(message.MessageId, receipt, CancellationToken.None));
        }
        else if (message.DequeueCount >= PoisonQueues.MaxDequeueCount && !stopping.IsCancellationRequested)
        {
            await SettleAsync(message, () => MoveToPoisonAsync(message, receipt));
        }
        else
        {
            await SettleAsync(message, () => _queue.UpdateMessageAsync(message.MessageId, receipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: CancellationToken.None));
        }
    }

    private async Task MoveToPoisonAsync(QueueMessage message, string receipt)
    {
        var poison = queues.GetQueueClient(trigger.PoisonQueueName);
        await poison.CreateIfNotExistsAsync(cancellationToken: CancellationToken.None);
        await poison.SendMessageAsync(message.Body, cancellationToken: CancellationToken.None);
        await _queue.DeleteMessageAsync(message.MessageId, receipt, CancellationToken.None);
        logger.MessagePoisoned(message.MessageId, trigger.QueueName, message.DequeueCount, trigger.PoisonQueueName);
    }

    /// <summary>
    /// Settling runs to the end even while stopping (a half-done settle costs a repeat delivery); when it fails,
    /// the message simply becomes visible again once its visibility timeout passes.
    /// </summary>
    private async Task SettleAsync(QueueMessage message, Func<Task> settle)
    {
        try
        {
            await settle();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            logger.MessageNotSettled(ex, message.MessageId, trigger.QueueName);
        }
    }
}
