using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Diagnostics;

namespace DataGovernance.Functions.Hosting;

/// <summary>
/// Maps the few exceptions that reach the pipeline to problem details: client mistakes the framework detects
/// (malformed JSON, oversized bodies) to 4xx, storage outages to 503, everything else to a bare 500.
/// </summary>
public sealed partial class HubExceptionHandler(ILogger<HubExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            return true;
        }
        var (status, code, detail, errors) = Classify(exception);
        if (status >= 500)
        {
            LogUnhandled(exception, status, httpContext.TraceIdentifier);
        }
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = "5";
        }
        await Problems.WriteAsync(httpContext, status, code, detail, errors);
        return true;
    }

    private static (int Status, string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors) Classify(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => (400, "invalid-json", "The request body is not valid JSON for this operation.",
            new Dictionary<string, string[]> { [json.Path ?? "$"] = [DescribeJsonError(json)] }),
        BadHttpRequestException { StatusCode: 413 } => (413, "payload-too-large", "The request body is larger than this operation accepts.", null),
        BadHttpRequestException { StatusCode: 415 } => (415, "unsupported-media-type", "Send the request body as application/json.", null),
        BadHttpRequestException { StatusCode: 400 } bad when ParameterName(bad.Message) is { } parameter =>
            (400, "invalid-parameter", $"The value of '{parameter}' is missing or malformed.",
                new Dictionary<string, string[]> { [parameter] = ["Missing or malformed."] }),
        BadHttpRequestException bad => (bad.StatusCode, "bad-request", "The request is malformed.", null),
        ConcurrencyConflictException => (503, "busy", "Too many concurrent changes to the same data; retry shortly.", null),
        _ when IsStorageOutage(exception) => (503, "storage-unavailable", "The storage service is not answering; retry shortly.", null),
        _ => (500, "internal-error", "An unexpected error occurred; quote the correlation id when reporting it.", null),
    };

    /// <summary>The parameter a binding failure names, as in: Failed to bind parameter "int? pageSize" from "abc".</summary>
    private static string? ParameterName(string message) =>
        BindingFailure().Match(message) is { Success: true } match ? match.Groups["name"].Value : null;

    [GeneratedRegex("parameter \"(?:[^\"]* )?(?<name>[A-Za-z_][A-Za-z0-9_]*)\"", RegexOptions.CultureInvariant)]
    private static partial Regex BindingFailure();

    private static string DescribeJsonError(JsonException json) => json.Message switch
    {
        var m when m.Contains("could not be mapped", StringComparison.Ordinal) => "Unknown field.",
        var m when m.Contains("could not be converted", StringComparison.Ordinal) => "Wrong type.",
        _ => "Malformed JSON.",
    };

    private static bool IsStorageOutage(Exception exception) => exception switch
    {
        RequestFailedException failed => failed.Status is 0 or >= 500,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsStorageOutage),
        HttpRequestException => true,
        _ => false,
    };

    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "Request failed with {Status} (correlation {CorrelationId})")]
    private partial void LogUnhandled(Exception exception, int status, string correlationId);
}
