using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;

namespace DataGovernance.Tests.Infrastructure;

/// <summary>One log call as a sink would receive it: the rendered message, its structured values and the active scopes.</summary>
public sealed record CapturedLog(
    string Category,
    LogLevel Level,
    EventId EventId,
    string Message,
    IReadOnlyList<KeyValuePair<string, string?>> Values,
    IReadOnlyList<string> Scopes,
    string? Exception)
{
    /// <summary>Everything a sink could write for this call, for searching.</summary>
    public string AllText =>
        string.Join("\n", [Category, Message, .. Values.Select(v => $"{v.Key}={v.Value}"), .. Scopes, Exception ?? ""]);
}

/// <summary>An in-memory logger provider that keeps every log call, with its scopes, for assertions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentQueue<CapturedLog> _logs = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public IReadOnlyList<CapturedLog> Logs => [.. _logs];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private static string? Render(object? value) => value switch
    {
        null => null,
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static IEnumerable<string> Describe(object? scope)
    {
        if (scope is null)
        {
            yield break;
        }
        yield return Render(scope) ?? "";
        if (scope is IEnumerable<KeyValuePair<string, object?>> values)
        {
            foreach (var (key, value) in values)
            {
                yield return $"{key}={Render(value)}";
            }
        }
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(pair => new KeyValuePair<string, string?>(pair.Key, Render(pair.Value))).ToList()
                : [];
            var scopes = new List<string>();
            provider._scopes.ForEachScope((scope, list) => list.AddRange(Describe(scope)), scopes);
            provider._logs.Enqueue(new CapturedLog(category, logLevel, eventId, formatter(state, exception), values, scopes, exception?.ToString()));
        }
    }
}
