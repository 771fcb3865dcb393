namespace DataGovernance.Storage;

/// <summary>One page of a listing and the token that continues it (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? ContinuationToken);

/// <summary>Page size rules shared by every listing.</summary>
public static class Paging
{
    public const int DefaultPageSize = 50;

    public const int MaxPageSize = 200;
}
