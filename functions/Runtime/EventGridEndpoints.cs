using DataGovernance.Functions.Hosting;
using DataGovernance.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace DataGovernance.Functions.Runtime;

public sealed record SubscriptionValidationResponse(string ValidationResponse);

/// <summary>What a delivery did: events received, deliveries made, and deliveries skipped as done before.</summary>
public sealed record EventDeliveryReport(int Events, int Delivered, int AlreadyDelivered);

/// <summary>
/// The hub's own Event Grid webhook. Anonymous to the hub's identity system: Event Grid authenticates with the
/// shared key in the query string. It answers both handshakes (the Event Grid schema's validation event and the
/// CloudEvents OPTIONS request) and delivers events to the catalog's Event Grid functions, idempotently per event
/// id; a failed handler turns into a 500 so that Event Grid redelivers.
/// </summary>
public static class EventGridEndpoints
{
    public const string Route = "/api/events/eventgrid";

    public const string KeyParameter = "key";

    public static IEndpointRouteBuilder MapEventGridWebhook(this IEndpointRouteBuilder app)
    {
        app.MapPost(Route, ReceiveAsync).WithName("ReceiveEventGridEvents").WithTags("Events").AllowAnonymous()
            .AddEndpointFilter<WebhookKeyFilter>()
            .WithSummary("Event Grid webhook: deliveries in the Event Grid or CloudEvents schema, and the subscription validation handshake");
        app.MapMethods(Route, [HttpMethods.Options], ConfirmWebhook).WithName("ConfirmEventGridWebhook").WithTags("Events").AllowAnonymous()
            .AddEndpointFilter<WebhookKeyFilter>()
            .WithSummary("Event Grid webhook: the CloudEvents abuse-protection handshake");
        return app;
    }

    // The handlers take the key only so that the OpenAPI document lists it; WebhookKeyFilter checks it.
    private static async Task<Results<Ok<EventDeliveryReport>, Ok<SubscriptionValidationResponse>, ProblemHttpResult>> ReceiveAsync(
        string? key, HttpRequest request, EventGridDispatcher dispatcher, CancellationToken cancellationToken)
    {
        var body = await BinaryData.FromStreamAsync(request.Body, cancellationToken);
        var parsed = EventGridRequest.Parse(request.ContentType, request.Headers[EventGridRequest.EventTypeHeader], body);
        if (!parsed.Succeeded)
        {
            return Problems.From(request.HttpContext, parsed.Failure);
        }
        if (parsed.Value.ValidationCode is { } code)
        {
            return TypedResults.Ok(new SubscriptionValidationResponse(code));
        }

        int delivered = 0, alreadyDelivered = 0;
        var failed = new List<string>();
        foreach (var gridEvent in parsed.Value.Events)
        {
            var dispatch = await dispatcher.DispatchAsync(gridEvent, cancellationToken);
            delivered += dispatch.Delivered;
            alreadyDelivered += dispatch.AlreadyDelivered;
            failed.AddRange(dispatch.FailedFunctions.Select(function => $"{function} ({gridEvent.Id})"));
        }
        if (failed.Count > 0)
        {
            return Problems.Result(request.HttpContext, StatusCodes.Status500InternalServerError, "event-delivery-failed",
                $"Handlers failed: {string.Join(", ", failed)}. Deliveries that succeeded are recorded and are not repeated when Event Grid redelivers.");
        }
        return TypedResults.Ok(new EventDeliveryReport(parsed.Value.Events.Count, delivered, alreadyDelivered));
    }

    private static Results<Ok, ProblemHttpResult> ConfirmWebhook(string? key, HttpContext http)
    {
        var origin = http.Request.Headers["WebHook-Request-Origin"].ToString();
        if (string.IsNullOrWhiteSpace(origin))
        {
            return Problems.Result(http, StatusCodes.Status400BadRequest, "invalid-handshake",
                "The CloudEvents abuse-protection handshake names the sender in WebHook-Request-Origin.");
        }
        http.Response.Headers["WebHook-Allowed-Origin"] = origin;
        http.Response.Headers["WebHook-Allowed-Rate"] = "*";
        http.Response.Headers.Allow = "POST, OPTIONS";
        return TypedResults.Ok();
    }

    /// <summary>Refuses, with 401 and an audit entry, every request without the configured key.</summary>
    private sealed class WebhookKeyFilter(IOptionsMonitor<EventGridOptions> options) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            if (options.CurrentValue.Accepts(http.Request.Query[KeyParameter]))
            {
                return await next(context);
            }
            if (http.Features.Get<AuditScope>() is { } audit)
            {
                audit.Action = http.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName;
                audit.Denied = true;
            }
            var detail = string.IsNullOrEmpty(options.CurrentValue.WebhookKey)
                ? "The Event Grid webhook is not configured on this host."
                : "Send the webhook key as ?key=.";
            return Problems.Result(http, StatusCodes.Status401Unauthorized, "invalid-webhook-key", detail);
        }
    }
}
