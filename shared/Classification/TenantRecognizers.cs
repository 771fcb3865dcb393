using DataGovernance.Storage;

namespace DataGovernance.Classification;

/// <summary>The check a tenant recognizer applies to each match; a failed check drops the match.</summary>
public enum RecognizerValidator
{
    None,
    Luhn,
    Mod97,
}

/// <summary>
/// A tenant's own recognizer: matches of <see cref="Pattern"/> (given at most <see cref="TimeoutMilliseconds"/> per
/// text) are reported as the entity <see cref="Name"/> of <see cref="Category"/>.
/// </summary>
public sealed record TenantRecognizer(
    string Name, string Pattern, int TimeoutMilliseconds, RecognizerValidator Validator, IReadOnlyList<string> ContextWords, PiiCategory Category);

/// <summary>A tenant's recognizers, one document. <see cref="Version"/> is 0 until the first change and is the HTTP ETag.</summary>
public sealed record TenantRecognizers(
    string TenantId, IReadOnlyList<TenantRecognizer> Recognizers, long Version, DateTimeOffset? UpdatedAt, string? UpdatedBy) : IHasETag
{
    public const int MaxRecognizers = 50;

    public const int MaxPatternLength = 1000;

    public const int MaxTimeoutMilliseconds = 1000;

    public const int DefaultTimeoutMilliseconds = 100;

    public const int MaxContextWords = 20;

    public string ETag => $"\"{Version}\"";

    public static TenantRecognizers Empty(string tenantId) => new(tenantId, [], 0, null, null);
}

/// <summary>The body of <c>PUT …/classification/recognizers</c>: the whole new list.</summary>
public sealed record TenantRecognizersRequest(IReadOnlyList<TenantRecognizerRequest?>? Recognizers);

public sealed record TenantRecognizerRequest(
    string? Name, string? Pattern, int? TimeoutMilliseconds, string? Validator, IReadOnlyList<string?>? ContextWords, string? Category);
