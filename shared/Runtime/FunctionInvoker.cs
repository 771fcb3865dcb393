using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Runtime;

/// <summary>
/// Runs a non-HTTP function's handler in a service scope of its own and logs how it went. A failure propagates to
/// the trigger, which decides what happens next (retry, poison, a 5xx to Event Grid, a failed invocation).
/// </summary>
public sealed class FunctionInvoker(IServiceScopeFactory scopes, ILogger<FunctionInvoker> logger)
{
    public async Task InvokeAsync(FunctionDefinition function, object payload, CancellationToken cancellationToken)
    {
        var handler = function.Handler ?? throw new InvalidOperationException($"{function.Name} has no handler.");
        await using var scope = scopes.CreateAsyncScope();
        var started = Stopwatch.GetTimestamp();
        try
        {
            await handler(new FunctionInvocation(function.Name, payload, scope.ServiceProvider), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var failedAfter = Stopwatch.GetElapsedTime(started);
            logger.FunctionFailed(ex, function.Name, failedAfter.TotalMilliseconds);
            throw;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        logger.FunctionSucceeded(function.Name, elapsed.TotalMilliseconds);
    }
}
