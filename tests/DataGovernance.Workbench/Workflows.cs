using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Engine;

namespace DataGovernance.Workbench;

/// <summary>
/// Workflows that exercise the engine's features for the reliability tests and the benchmark: a chain of
/// activities, a fan-out, a durable timer, an external event and sub-orchestrations.
/// </summary>
public sealed class Chain : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int length)
    {
        var value = 0;
        for (var step = 0; step < length; step++)
        {
            value = await context.CallActivityAsync<int>(nameof(AddOne), value);
        }
        return value;
    }
}

public sealed class FanOutFanIn : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int width)
    {
        var squares = await Task.WhenAll(Enumerable.Range(1, width).Select(n => context.CallActivityAsync<int>(nameof(Square), n)));
        return squares.Sum();
    }
}

public sealed class Sleeper : TaskOrchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int milliseconds)
    {
        await context.CreateTimer(TimeSpan.FromMilliseconds(milliseconds), CancellationToken.None);
        return await context.CallActivityAsync<string>(nameof(Echo), "woke");
    }
}

public sealed class AwaitSignal : TaskOrchestrator<object?, string>
{
    public const string EventName = "Signal";

    public override async Task<string> RunAsync(TaskOrchestrationContext context, object? input)
    {
        var payload = await context.WaitForExternalEvent<string>(EventName);
        return await context.CallActivityAsync<string>(nameof(Echo), payload);
    }
}

public sealed class Parent : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int children)
    {
        var results = await Task.WhenAll(Enumerable.Range(1, children).Select(n => context.CallSubOrchestratorAsync<int>(nameof(Chain), n)));
        return results.Sum();
    }
}

/// <summary>Adds up the payloads of <c>Add</c> events, one event per execution, continuing as new in between.</summary>
public sealed class Accumulator : TaskOrchestrator<AccumulatorState, int>
{
    public const string EventName = "Add";

    public override async Task<int> RunAsync(TaskOrchestrationContext context, AccumulatorState state)
    {
        if (state.Remaining == 0)
        {
            return state.Total;
        }
        var value = await context.WaitForExternalEvent<int>(EventName);
        context.ContinueAsNew(new AccumulatorState(state.Total + value, state.Remaining - 1));
        return state.Total;
    }
}

public sealed record AccumulatorState(int Total, int Remaining);

public sealed class AddOne : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input + 1);
}

public sealed class Square : TaskActivity<int, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, int input) => Task.FromResult(input * input);
}

public sealed class Echo : TaskActivity<string, string>
{
    public override Task<string> RunAsync(TaskActivityContext context, string input) => Task.FromResult(input);
}

public static class WorkbenchWorkflows
{
    public static DurableTaskRegistry AddWorkbenchWorkflows(this DurableTaskRegistry registry) => registry
        .AddOrchestrator<Chain>()
        .AddOrchestrator<FanOutFanIn>()
        .AddOrchestrator<Sleeper>()
        .AddOrchestrator<AwaitSignal>()
        .AddOrchestrator<Parent>()
        .AddOrchestrator<Accumulator>()
        .AddActivity<AddOne>()
        .AddActivity<Square>()
        .AddActivity<Echo>();
}
