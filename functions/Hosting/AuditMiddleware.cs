using DataGovernance.Audit;
using DataGovernance.Storage;

namespace DataGovernance.Functions.Hosting;

/// <summary>
/// Writes an audit entry for every request to an endpoint that changes something, is denied or fails
/// authentication, and for every platform access to a tenant. Sits outside the exception handler so that it
/// records the status the client actually received.
/// </summary>
public sealed partial class AuditMiddleware(RequestDelegate next, AuditService audit, TimeProvider clock, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var scope = new AuditScope();
        context.Features.Set(scope);
        await next(context);

        var status = context.Response.StatusCode;
        var denied = scope.Denied || status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden;
        if (scope.Action is null || !(denied || scope.AlwaysRecord || IsMutating(context.Request.Method)))
        {
            return;
        }
        var auditEvent = new AuditEvent(
            scope.ChainId,
            clock.GetUtcNowForStorage(),
            scope.Actor,
            scope.Action,
            context.Request.Method,
            context.Request.Path.Value ?? "",
            status,
            denied ? AuditOutcome.Denied : status < 400 ? AuditOutcome.Success : AuditOutcome.Failure,
            status < 400 ? null : scope.Reason,
            context.TraceIdentifier,
            context.Connection.RemoteIpAddress?.ToString());
        try
        {
            await audit.RecordAsync(auditEvent, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The response has been sent; the failure must at least reach the operators.
            LogAuditWriteFailed(ex, scope.ChainId, scope.Action, context.TraceIdentifier);
        }
    }

    private static bool IsMutating(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    [LoggerMessage(EventId = 1101, Level = LogLevel.Critical, Message = "Audit entry for {Action} in chain {ChainId} could not be written (correlation {CorrelationId})")]
    private partial void LogAuditWriteFailed(Exception exception, string chainId, string action, string correlationId);
}
