using DataGovernance.Orchestrations;

namespace DataGovernance.Tests.Orchestrations;

/// <summary>Small workflows that exercise one engine feature each.</summary>
public sealed class Sequence : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var first = await context.CallActivityAsync<int>("Double", input);
        return await context.CallActivityAsync<int>("Increment", first);
    }
}

/// <summary>The same workflow after a careless change: its first call is now a different activity.</summary>
public sealed class ChangedSequence : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var first = await context.CallActivityAsync<int>("Triple", input);
        return await context.CallActivityAsync<int>("Increment", first);
    }
}

public sealed class FanOut : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int input)
    {
        var results = await Task.WhenAll(Enumerable.Range(1, input).Select(n => context.CallActivityAsync<int>("Double", n)));
        return results.Sum();
    }
}

public sealed class WaitForApproval : TaskOrchestrator<int, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, int timeoutMinutes)
    {
        try
        {
            var decision = await context.WaitForExternalEvent<string>("Approval", TimeSpan.FromMinutes(timeoutMinutes));
            return $"approved by {decision}";
        }
        catch (TaskCanceledException)
        {
            return "timed out";
        }
    }
}

public sealed class WaitAfterTimer : TaskOrchestrator<object?, string>
{
    public override async Task<string> RunAsync(TaskOrchestrationContext context, object? input)
    {
        await context.CreateTimer(TimeSpan.FromMinutes(5), CancellationToken.None);
        return await context.WaitForExternalEvent<string>("Go");
    }
}

public sealed class RetryingCall : TaskOrchestrator<object?, string>
{
    private static readonly RetryPolicy Retry = new(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(10), backoffCoefficient: 2);

    public override Task<string> RunAsync(TaskOrchestrationContext context, object? input) =>
        context.CallActivityAsync<string>("Flaky", null, TaskOptions.FromRetryPolicy(Retry));
}

public sealed class CountingLoop : TaskOrchestrator<int, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, int count)
    {
        context.SetCustomStatus(new { count });
        if (count < 3)
        {
            await context.CreateTimer(TimeSpan.FromSeconds(1), CancellationToken.None);
            context.ContinueAsNew(count + 1);
        }
        return count;
    }
}

public sealed class Guids : TaskOrchestrator<object?, string[]>
{
    public override Task<string[]> RunAsync(TaskOrchestrationContext context, object? input) =>
        Task.FromResult(new[] { context.NewGuid().ToString(), context.NewGuid().ToString() });
}

public sealed class AwaitsRealDelay : TaskOrchestrator<object?, int>
{
    public override async Task<int> RunAsync(TaskOrchestrationContext context, object? input)
    {
        await Task.Delay(TimeSpan.FromMinutes(1));
        return 1;
    }
}

public sealed class OversizedStatus : TaskOrchestrator<object?, int>
{
    public override Task<int> RunAsync(TaskOrchestrationContext context, object? input)
    {
        context.SetCustomStatus(new string('x', 20_000));
        return Task.FromResult(1);
    }
}
