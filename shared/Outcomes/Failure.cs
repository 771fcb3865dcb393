namespace DataGovernance.Outcomes;

/// <summary>What kind of failure a domain operation ended with; the HTTP layer maps each kind to one status.</summary>
public enum FailureKind
{
    BadRequest,
    Unauthenticated,
    Validation,
    NotFound,
    Conflict,
    PreconditionFailed,
    PreconditionRequired,
    TooLarge,
    UnsupportedMediaType,
    Forbidden,
    TooManyRequests,

    /// <summary>The thing existed but is no longer available (an expired link).</summary>
    Gone,
}

/// <summary>A domain failure with a stable code, a human explanation and optional field errors.</summary>
public sealed record Failure(FailureKind Kind, string Code, string Detail, IReadOnlyDictionary<string, string[]>? Errors = null)
{
    /// <summary>For <see cref="FailureKind.TooManyRequests"/>: when the client may try again.</summary>
    public TimeSpan? RetryAfter { get; init; }

    public static Failure NotFound(string detail) => new(FailureKind.NotFound, "not-found", detail);

    public static Failure Validation(FieldErrors errors) =>
        new(FailureKind.Validation, "validation-failed", "One or more fields are invalid.", errors.ToDictionary());

    public static Failure BadRequest(string code, string detail, FieldErrors? errors = null) =>
        new(FailureKind.BadRequest, code, detail, errors?.ToDictionary());

    public static Failure Conflict(string code, string detail) => new(FailureKind.Conflict, code, detail);

    public static Failure InvalidContinuationToken { get; } =
        new(FailureKind.BadRequest, "invalid-continuation-token", "The continuation token is not valid for this listing.");

    public static Failure PreconditionFailed(string detail) => new(FailureKind.PreconditionFailed, "etag-mismatch", detail);
}
