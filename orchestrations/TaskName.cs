namespace DataGovernance.Orchestrations;

/// <summary>The name of an orchestrator or activity, with an optional version so that changed workflow code can live beside the old.</summary>
public readonly record struct TaskName(string Name, string? Version = null)
{
    public static implicit operator TaskName(string name) => new(name);

    public override string ToString() => Version is null ? Name : $"{Name}@{Version}";
}
