namespace DataGovernance.Storage;

/// <summary>Composes table query filters from clauses built with <c>TableClient.CreateQueryFilter</c>.</summary>
public static class TableFilter
{
    /// <summary>
    /// Joins the given clauses with <c>and</c>, skipping nulls (filters the caller did not ask for). Values only
    /// ever enter a filter through <c>CreateQueryFilter</c>, which quotes and escapes them.
    /// </summary>
    public static string All(params IEnumerable<string?> clauses) =>
        string.Join(" and ", clauses.OfType<string>().Select(clause => $"({clause})"));
}
