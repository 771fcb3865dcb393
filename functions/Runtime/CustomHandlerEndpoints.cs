using System.Text.Json;
using Azure.Messaging.EventGrid;
using DataGovernance.Functions.Hosting;
using DataGovernance.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataGovernance.Functions.Runtime;

public sealed record CustomHandlerStatus(string Status);

/// <summary>
/// The routes of custom-handler mode, mapped only in it: <c>GET /</c> (the Functions host waits for an answer
/// before it sends work) and <c>POST /{functionName}</c>, one invocation of a queue, timer or Event Grid function.
/// HTTP functions need nothing here: the host proxies their requests to the usual <c>/api/…</c> routes.
/// </summary>
public static class CustomHandlerEndpoints
{
    public const long InvocationBodyLimit = 2 * BodyLimits.Default;

    public static IEndpointRouteBuilder MapCustomHandler(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Ok(new CustomHandlerStatus("ready"))).WithName("GetCustomHandlerStatus")
            .AllowAnonymous().ExcludeFromDescription().WithMetadata(CustomHandlerProtocolRoute.Instance);
        // An Event Grid event may be 1 MB by itself; the invocation wraps it.
        app.MapPost("/{functionName}", InvokeAsync).WithName("InvokeFunction").WithBodyLimit(InvocationBodyLimit)
            .AllowAnonymous().ExcludeFromDescription().WithMetadata(CustomHandlerProtocolRoute.Instance);
        return app;
    }

    private static async Task<Results<JsonHttpResult<InvocationResponse>, ProblemHttpResult>> InvokeAsync(
        string functionName, JsonElement body, FunctionCatalog catalog, FunctionInvoker invoker, EventGridDispatcher dispatcher, HttpContext http, CancellationToken cancellationToken)
    {
        if (catalog.Find(functionName) is not { } function)
        {
            return Problems.Result(http, StatusCodes.Status404NotFound, "not-found", $"There is no queue, timer or Event Grid function '{functionName}'.");
        }
        var payload = CustomHandlerInvocation.ReadPayload(function, body);
        if (!payload.Succeeded)
        {
            return Problems.From(http, payload.Failure);
        }
        try
        {
            var log = payload.Value is EventGridEvent gridEvent
                ? await DeliverAsync(function, gridEvent, dispatcher, cancellationToken)
                : await RunAsync(function, payload.Value, invoker, cancellationToken);
            return Answer(StatusCodes.Status200OK, log);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return Answer(StatusCodes.Status500InternalServerError, $"{function.Name} failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private static async Task<string> RunAsync(FunctionDefinition function, object payload, FunctionInvoker invoker, CancellationToken cancellationToken)
    {
        await invoker.InvokeAsync(function, payload, cancellationToken);
        return $"{function.Name} succeeded.";
    }

    /// <summary>Through the dispatcher, so that a redelivered event id is acknowledged without running the handler twice.</summary>
    private static async Task<string> DeliverAsync(FunctionDefinition function, EventGridEvent gridEvent, EventGridDispatcher dispatcher, CancellationToken cancellationToken)
    {
        if (function.Trigger is EventGridTrigger trigger && !trigger.Matches(gridEvent.EventType, gridEvent.Subject))
        {
            return $"{function.Name} ignored event {gridEvent.Id}: its type or subject is not the one the function declares.";
        }
        return await dispatcher.DeliverAsync(function, gridEvent, cancellationToken) switch
        {
            DeliveryOutcome.Delivered => $"{function.Name} handled event {gridEvent.Id}.",
            DeliveryOutcome.AlreadyDelivered => $"{function.Name} had handled event {gridEvent.Id} before.",
            _ => throw new EventDeliveryException($"The handler failed on event {gridEvent.Id}."),
        };
    }

    private static JsonHttpResult<InvocationResponse> Answer(int status, string log) =>
        TypedResults.Json(InvocationResponse.WithLogs(log), CustomHandlerInvocation.ResponseJson, statusCode: status);
}
