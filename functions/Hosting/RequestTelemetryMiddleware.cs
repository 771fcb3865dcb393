using System.Diagnostics;
using System.Text.RegularExpressions;

namespace DataGovernance.Functions.Hosting;

/// <summary>
/// Gives every request a correlation id (the caller's <c>X-Correlation-Id</c> when well-formed, else a new one),
/// echoes it, and logs one line per request with the route template — never the raw path or query, which may
/// carry personal data.
/// </summary>
public sealed partial class RequestTelemetryMiddleware(RequestDelegate next, ILogger<RequestTelemetryMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var presented = context.Request.Headers[HeaderName].ToString();
        var correlationId = CorrelationIdPattern().IsMatch(presented) ? presented : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = correlationId;
        // Set when the response starts: the exception handler clears headers set before it.
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[HeaderName] = correlationId;
            return Task.CompletedTask;
        });

        var started = Stopwatch.GetTimestamp();
        using (logger.BeginScope("CorrelationId:{CorrelationId}", correlationId))
        {
            try
            {
                await next(context);
            }
            finally
            {
                if (logger.IsEnabled(LogLevel.Information))
                {
                    var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "(no route)";
                    var elapsedMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    LogRequest(context.Request.Method, route, context.Response.StatusCode, elapsedMs);
                }
            }
        }
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex CorrelationIdPattern();

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "HTTP {Method} {Route} answered {StatusCode} in {ElapsedMs:F1} ms")]
    private partial void LogRequest(string method, string route, int statusCode, double elapsedMs);
}
