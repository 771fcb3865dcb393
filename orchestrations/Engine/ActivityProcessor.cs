using DataGovernance.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>
/// Runs activities from the work-item queue and delivers each result to its instance's inbox. A crash before the
/// delivery runs the activity again (at least once); a delivery that already happened is not repeated.
/// </summary>
public sealed partial class ActivityProcessor(
    DurableTaskRegistry registry,
    PayloadStore payloads,
    InstanceMessenger messenger,
    TimeProvider clock,
    ILogger<ActivityProcessor> logger)
{
    /// <summary>The work-item queue function; <paramref name="services"/> is the invocation's scope.</summary>
    public async Task HandleWorkItemAsync(QueueMessageInfo message, IServiceProvider services, CancellationToken cancellationToken)
    {
        var workItem = DurableQueues.ReadWorkItem(message.Body);
        HistoryEvent result;
        try
        {
            result = await RunAsync(workItem, services, cancellationToken);
        }
        catch (Exception ex) when (message.DequeueCount >= PoisonQueues.MaxDequeueCount && ex is not OperationCanceledException)
        {
            LogPoisoned(ex, workItem.Name.ToString(), workItem.InstanceId, message.DequeueCount);
            result = new TaskFailed(clock.GetUtcNow(), workItem.TaskId, new TaskFailureDetails("PoisonMessage",
                $"The work item failed {message.DequeueCount} times; last error: {ex.GetType().Name}: {ex.Message}"));
        }
        await messenger.DeliverAsync(new DeliverToInstance(
            workItem.InstanceId, InboxKeys.Task(workItem.ExecutionId, workItem.TaskId), result, workItem.ExecutionId, clock.GetUtcNow()), cancellationToken);
    }

    /// <summary>Runs the activity; its own exceptions become a TaskFailed result, infrastructure failures propagate.</summary>
    private async Task<HistoryEvent> RunAsync(ActivityWorkItem workItem, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (registry.FindActivity(workItem.Name) is not { } type)
        {
            return new TaskFailed(clock.GetUtcNow(), workItem.TaskId,
                new TaskFailureDetails("ActivityNotFound", $"No activity named '{workItem.Name}' is registered."));
        }
        var input = await payloads.LoadAsync(workItem.Input, cancellationToken);
        var activity = (ITaskActivity)ActivatorUtilities.CreateInstance(services, type);
        try
        {
            var output = await activity.RunAsync(new TaskActivityContext(workItem.Name, workItem.InstanceId, cancellationToken), DurableJson.Deserialize(input, activity.InputType));
            return new TaskCompleted(clock.GetUtcNow(), workItem.TaskId, DurableJson.Serialize(output));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogActivityFailed(workItem.Name.ToString(), workItem.InstanceId, ex.GetType().Name);
            return new TaskFailed(clock.GetUtcNow(), workItem.TaskId, TaskFailureDetails.FromException(ex));
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Activity {Activity} of instance {InstanceId} failed with {ErrorType}")]
    private partial void LogActivityFailed(string activity, string instanceId, string errorType);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Error, Message = "Work item {Activity} of instance {InstanceId} failed {DequeueCount} times; failing the task")]
    private partial void LogPoisoned(Exception exception, string activity, string instanceId, long dequeueCount);
}
