namespace DataGovernance.Orchestrations.Engine;

/// <summary>The orchestrators and activities this worker can run, by name and version.</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<TaskName, Type> _orchestrators = [];
    private readonly Dictionary<TaskName, Type> _activities = [];

    /// <summary>Registers under the class name (or the given name, for a new version beside the old one).</summary>
    public DurableTaskRegistry AddOrchestrator<T>(TaskName? name = null) where T : ITaskOrchestrator
    {
        _orchestrators.Add(name ?? typeof(T).Name, typeof(T));
        return this;
    }

    public DurableTaskRegistry AddActivity<T>(TaskName? name = null) where T : ITaskActivity
    {
        _activities.Add(name ?? typeof(T).Name, typeof(T));
        return this;
    }

    public Type? FindOrchestrator(TaskName name) => _orchestrators.GetValueOrDefault(name);

    public Type? FindActivity(TaskName name) => _activities.GetValueOrDefault(name);
}
