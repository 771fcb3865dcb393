using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NCrontab;

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
        var problems = Functions.SelectMany(Problems).ToList();
        var duplicates = Functions.GroupBy(function => function.Name, StringComparer.OrdinalIgnoreCase).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        if (duplicates.Count > 0)
        {
            problems.Add($"Function names must be unique: {string.Join(", ", duplicates)}.");
        }
        var sharedQueues = Functions.Select(function => function.Trigger).OfType<QueueTrigger>()
            .GroupBy(trigger => trigger.QueueName, StringComparer.Ordinal).Where(group => group.Count() > 1).Select(group => group.Key).ToList();
        if (sharedQueues.Count > 0)
        {
            problems.Add($"A queue feeds one function only: {string.Join(", ", sharedQueues)}.");
        }
        if (problems.Count > 0)
        {
            throw new InvalidOperationException("Invalid function catalog: " + string.Join(" ", problems));
        }
    }

    public IReadOnlyList<FunctionDefinition> Functions { get; }

    public FunctionDefinition? Find(string name) =>
        Functions.FirstOrDefault(function => string.Equals(function.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The functions with a trigger of type <typeparamref name="TTrigger"/>, with that trigger.</summary>
    public IEnumerable<(FunctionDefinition Function, TTrigger Trigger)> WithTrigger<TTrigger>()
        where TTrigger : FunctionTrigger =>
        Functions.Where(function => function.Trigger is TTrigger).Select(function => (function, (TTrigger)function.Trigger));

    /// <summary>Azure Functions' rule for function (and so folder) names.</summary>
    public static bool IsValidName(string name) => NamePattern().IsMatch(name);

    /// <summary>Storage's rule for queue names, leaving room for the <c>-poison</c> suffix.</summary>
    public static bool IsValidQueueName(string name) => name.Length <= 63 - PoisonQueues.Suffix.Length && QueueNamePattern().IsMatch(name);

    public static CrontabSchedule? TryParseSchedule(string schedule) =>
        CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true });

    private static IEnumerable<string> Problems(FunctionDefinition function)
    {
        if (!IsValidName(function.Name))
        {
            yield return $"'{function.Name}' is not a valid function name.";
        }
        if (function.Handler is null)
        {
            yield return $"{function.Name} has no handler.";
        }
        switch (function.Trigger)
        {
            case HttpTrigger:
                yield return $"{function.Name}: HTTP functions are endpoints of the route table, not catalog entries.";
                break;
            case QueueTrigger queue when !IsValidQueueName(queue.QueueName):
                yield return $"{function.Name}: '{queue.QueueName}' is not a valid queue name (3-56 lower-case letters, digits and single inner hyphens).";
                break;
            case TimerTrigger timer when TryParseSchedule(timer.Schedule) is null:
                yield return $"{function.Name}: '{timer.Schedule}' is not a six-field NCRONTAB schedule.";
                break;
            case EventGridTrigger eventGrid when string.IsNullOrWhiteSpace(eventGrid.EventType):
                yield return $"{function.Name}: an Event Grid trigger names the event type it takes.";
                break;
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_-]{0,127}$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,}$", RegexOptions.CultureInvariant)]
    private static partial Regex QueueNamePattern();
}

public static class FunctionCatalogExtensions
{
    public static IServiceCollection AddFunction(this IServiceCollection services, FunctionDefinition function) =>
        services.AddSingleton(function);
}
