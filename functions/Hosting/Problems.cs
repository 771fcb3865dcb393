using DataGovernance.Outcomes;
using DataGovernance.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;

namespace DataGovernance.Functions.Hosting;

/// <summary>
/// The one way the hub reports an error: RFC 9457 problem details whose <c>type</c> ends in a stable code,
/// with that code, the correlation id and any field errors as extensions.
/// </summary>
public static class Problems
{
    public const string TypePrefix = "urn:datagovernance:problem:";

    public static ProblemHttpResult Result(HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(Create(context, status, code, detail, errors));

    public static ProblemHttpResult From(HttpContext context, Failure failure)
    {
        if (failure.RetryAfter is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        }
        return Result(context, StatusOf(failure.Kind), failure.Code, failure.Detail, failure.Errors);
    }

    /// <summary>Whole seconds, rounded up and at least 1, as the Retry-After header takes them.</summary>
    public static string RetryAfterSeconds(TimeSpan delay) =>
        Math.Max(1, (int)Math.Ceiling(delay.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>200 with the value, or the failure as problem details.</summary>
    public static Results<Ok<T>, ProblemHttpResult> OkOr<T>(HttpContext context, Result<T> result) =>
        result.Succeeded ? TypedResults.Ok(result.Value) : From(context, result.Failure);

    /// <summary>201 with the value and its location, or the failure as problem details.</summary>
    public static Results<Created<T>, ProblemHttpResult> CreatedOr<T>(HttpContext context, Result<T> result, Func<T, string> location) =>
        result.Succeeded ? TypedResults.Created(location(result.Value), result.Value) : From(context, result.Failure);

    /// <summary>200 with the document and its version as the ETag header, or the failure as problem details.</summary>
    public static Results<Ok<T>, ProblemHttpResult> OkWithETag<T>(HttpContext context, Result<T> result) where T : IHasETag
    {
        if (result.Succeeded)
        {
            context.Response.Headers.ETag = result.Value.ETag;
        }
        return OkOr(context, result);
    }

    /// <summary>201 with the document, its location and its version as the ETag header, or the failure as problem details.</summary>
    public static Results<Created<T>, ProblemHttpResult> CreatedWithETag<T>(HttpContext context, Result<T> result, Func<T, string> location) where T : IHasETag
    {
        if (result.Succeeded)
        {
            context.Response.Headers.ETag = result.Value.ETag;
        }
        return CreatedOr(context, result, location);
    }

    public static Task WriteAsync(HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null) =>
        Result(context, status, code, detail, errors).ExecuteAsync(context);

    public static ProblemDetails Create(HttpContext context, int status, string code, string detail, IReadOnlyDictionary<string, string[]>? errors = null)
    {
        var problem = new ProblemDetails
        {
            Type = TypePrefix + code,
            Title = ReasonPhrases.GetReasonPhrase(status),
            Status = status,
            Detail = detail,
            Instance = context.Request.Path,
        };
        context.Features.Get<AuditScope>()?.Reason = code;
        problem.Extensions["code"] = code;
        problem.Extensions["correlationId"] = context.TraceIdentifier;
        if (errors is { Count: > 0 })
        {
            problem.Extensions["errors"] = errors;
        }
        return problem;
    }

    public static int StatusOf(FailureKind kind) => kind switch
    {
        FailureKind.BadRequest => StatusCodes.Status400BadRequest,
        FailureKind.Unauthenticated => StatusCodes.Status401Unauthorized,
        FailureKind.Validation => StatusCodes.Status422UnprocessableEntity,
        FailureKind.NotFound => StatusCodes.Status404NotFound,
        FailureKind.Conflict => StatusCodes.Status409Conflict,
        FailureKind.PreconditionFailed => StatusCodes.Status412PreconditionFailed,
        FailureKind.PreconditionRequired => StatusCodes.Status428PreconditionRequired,
        FailureKind.TooLarge => StatusCodes.Status413PayloadTooLarge,
        FailureKind.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        FailureKind.Forbidden => StatusCodes.Status403Forbidden,
        FailureKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        FailureKind.Gone => StatusCodes.Status410Gone,
        _ => StatusCodes.Status500InternalServerError,
    };
}
