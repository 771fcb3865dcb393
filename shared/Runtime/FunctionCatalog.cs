using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace DataGovernance.Runtime;

/// <summary>
/// Every non-HTTP function of the hub (queue, timer and Event Grid triggers), as registered in the container with
/// <see cref="FunctionCatalogExtensions.AddFunction"/>. The host adds its HTTP functions from the route table.
/// </summary>
public sealed partial class FunctionCatalog
{
    public FunctionCatalog(IEnumerable<FunctionDefinition> functions)
    {
        Functions = [.. functions];
        var invalid = Functions.Where(function => !IsValidName(function.Name)).Select(function => function.Name).ToList();
        if (invalid.Count > 0)
        {
            throw new InvalidOperationException($"Invalid function names: {string.Join(", ", invalid)}.");
        }
        var duplicates = Functions.GroupBy(function => function.Name, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        if (duplicates.Count > 0)
        {
            throw new InvalidOperationException($"Function names must be unique: {string.Join(", ", duplicates)}.");
        }
    }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public FunctionDefinition? Find(string name) =>
        Functions.FirstOrDefault(function => string.Equals(function.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Azure Functions' rule for function (and so folder) names.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}

public static class FunctionCatalogExtensions
{
    public static IServiceCollection AddFunction(this IServiceCollection services, FunctionDefinition function) =>
        services.AddSingleton(function);
}
