using System.Collections.Concurrent;
using System.Diagnostics;
using Azure.Storage.Queues;
using DataGovernance.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit;

namespace DataGovernance.Tests.Runtime;

/// <summary>Hub instances with test-only functions registered the way features register theirs (AddFunction).</summary>
public static class RuntimeHosts
{
    public const string WebhookKey = "webhook-key-for-tests-0123456789abcdef";

    /// <summary>
    /// Starts a hub on the fixture's storage (or <paramref name="primaryStorage"/>) with the given functions, quick
    /// idle polling and the test webhook key; <paramref name="settings"/> override those.
    /// </summary>
    public static HubApplication Start(
        HubFixture hub,
        Action<IServiceCollection> functions,
        IReadOnlyDictionary<string, string?>? settings = null,
        string? primaryStorage = null,
        ILoggerProvider? logs = null,
        bool programChoosesPort = false)
    {
        var all = hub.Settings(primaryStorage ?? hub.Primary.ConnectionString, hub.Secondary.ConnectionString);
        all["Hub:Triggers:MaxPollingIntervalSeconds"] = "0.5";
        all["Hub:EventGrid:WebhookKey"] = WebhookKey;
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        var app = new HubApplication(all, builder =>
        {
            builder.ConfigureServices(functions);
            if (logs is not null)
            {
                builder.ConfigureLogging(logging => logging.AddProvider(logs));
            }
        }, programChoosesPort);
        app.StartServer();
        return app;
    }

    /// <summary>A queue (or container) name of its own: lower-case, unique, short enough for the poison suffix.</summary>
    public static string UniqueQueueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..30];

    public static string UniqueFunctionName(string prefix) => $"{prefix}{Guid.NewGuid():N}"[..(prefix.Length + 12)];

    public static QueueServiceClient Queues(string connectionString) =>
        new(connectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    /// <summary>Polls <paramref name="condition"/> until it holds or <paramref name="timeout"/> passes.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            if (await condition())
            {
                return true;
            }
            await Task.Delay(25, TestContext.Current.CancellationToken);
        }
        return await condition();
    }
}

/// <summary>What a test function received, with when it received it.</summary>
public sealed record Received<T>(T Value, DateTimeOffset At);

/// <summary>Collects the invocations of a test function.</summary>
public sealed class Recorder<T>
{
    private readonly ConcurrentQueue<Received<T>> _items = new();

    public IReadOnlyList<Received<T>> Items => [.. _items];

    public IReadOnlyList<T> Values => [.. _items.Select(item => item.Value)];

    public int Count => _items.Count;

    public void Add(T value) => _items.Enqueue(new Received<T>(value, DateTimeOffset.UtcNow));

    /// <summary>Waits until at least <paramref name="count"/> invocations arrived; fails the test otherwise.</summary>
    public async Task<IReadOnlyList<Received<T>>> WaitForAsync(int count, TimeSpan timeout)
    {
        var arrived = await RuntimeHosts.EventuallyAsync(() => Task.FromResult(_items.Count >= count), timeout);
        Assert.True(arrived, $"Expected {count} invocation(s) within {timeout.TotalSeconds} s, got {_items.Count}.");
        return Items;
    }
}
