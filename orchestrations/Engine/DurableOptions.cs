using System.Text.RegularExpressions;

namespace DataGovernance.Orchestrations.Engine;

/// <summary>Settings of the durable engine.</summary>
public sealed partial class DurableOptions
{
    public const string SectionName = "Hub:Durable";

    /// <summary>Names the engine's tables, queues and container, so that several hubs can share one storage account.</summary>
    public string TaskHub { get; set; } = "Hub";

    /// <summary>Finished instances older than this are purged by the daily retention timer.</summary>
    public int RetentionDays { get; set; } = 30;

    /// <summary>Instances that show no progress for this long are checked by the reconciler.</summary>
    public TimeSpan ReconcileAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>When the reconciler runs (NCRONTAB, six fields).</summary>
    public string ReconcileSchedule { get; set; } = "0 */2 * * * *";

    public static bool IsValidTaskHub(string name) => TaskHubPattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{2,40}$", RegexOptions.CultureInvariant)]
    private static partial Regex TaskHubPattern();
}

/// <summary>The storage names of one task hub (DurableTask.AzureStorage's layout).</summary>
public sealed class TaskHubNames
{
    /// <summary>Instances are spread over this many control queues by a hash of their id.</summary>
    public const int PartitionCount = 4;

    public TaskHubNames(string taskHub)
    {
        if (!DurableOptions.IsValidTaskHub(taskHub))
        {
            throw new InvalidOperationException($"Task hub name '{taskHub}' must be 3–41 letters and digits, starting with a letter.");
        }
        var lower = taskHub.ToLowerInvariant();
        HistoryTable = taskHub + "History";
        InstancesTable = taskHub + "Instances";
        WorkItemQueue = lower + "-workitems";
        ControlQueues = [.. Enumerable.Range(0, PartitionCount).Select(partition => $"{lower}-control-{partition:D2}")];
        LargeMessagesContainer = lower + "-largemessages";
    }

    public string HistoryTable { get; }

    public string InstancesTable { get; }

    public string WorkItemQueue { get; }

    public IReadOnlyList<string> ControlQueues { get; }

    public string LargeMessagesContainer { get; }

    /// <summary>The control queue of an instance: FNV-1a over its id, as DurableTask.AzureStorage does.</summary>
    public string ControlQueueOf(string instanceId)
    {
        var hash = 2166136261u;
        foreach (var b in System.Text.Encoding.UTF8.GetBytes(instanceId))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }
        return ControlQueues[(int)(hash % PartitionCount)];
    }
}
