using System.Diagnostics;
using Azure.Storage.Queues;
using DataGovernance.Runtime;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Runtime;

/// <summary>The hub's own queue listeners, on real Azurite queues.</summary>
public sealed class QueueTriggerTests(HubFixture hub)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private QueueClient Queue(string name) => RuntimeHosts.Queues(hub.Primary.ConnectionString).GetQueueClient(name);

    private async Task<QueueClient> CreateQueueAsync(string name)
    {
        var queue = Queue(name);
        await queue.CreateIfNotExistsAsync(cancellationToken: TestContext.Current.CancellationToken);
        return queue;
    }

    private static async Task<int> CountAsync(QueueClient queue) =>
        (await queue.GetPropertiesAsync(TestContext.Current.CancellationToken)).Value.ApproximateMessagesCount;

    [Fact]
    public async Task QueueFunction_ReceivesItsMessage_WithBodyAndDequeueCount_AndTheMessageIsDeleted()
    {
        var ct = TestContext.Current.CancellationToken;
        var queueName = RuntimeHosts.UniqueQueueName("happy");
        var received = new Recorder<QueueMessageInfo>();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(FunctionDefinition.Queue("HappyPath", queueName, (message, _, _) =>
        {
            received.Add(message);
            return Task.CompletedTask;
        })));
        var queue = await CreateQueueAsync(queueName);

        var sent = await queue.SendMessageAsync("""{"requestId":"r-1","tenantId":"contoso"}""", ct);

        var message = (await received.WaitForAsync(1, Patience))[0].Value;
        Assert.Equal("""{"requestId":"r-1","tenantId":"contoso"}""", message.Body);
        Assert.Equal(sent.Value.MessageId, message.Id);
        Assert.Equal(1, message.DequeueCount);
        Assert.NotNull(message.InsertedOn);
        Assert.NotNull(message.ExpiresOn);
        Assert.True(await RuntimeHosts.EventuallyAsync(async () => await CountAsync(queue) == 0, Patience), "The handled message was not deleted.");
        Assert.False(await Queue(queueName + PoisonQueues.Suffix).ExistsAsync(ct));
    }

    [Fact]
    public async Task FailedAttempts_AreRetried_WithTheDequeueCountGrowing_UntilOneSucceeds()
    {
        var queueName = RuntimeHosts.UniqueQueueName("retry");
        var attempts = new Recorder<QueueMessageInfo>();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(FunctionDefinition.Queue("RetriedUntilItWorks", queueName, (message, _, _) =>
        {
            attempts.Add(message);
            return message.DequeueCount < 3 ? throw new InvalidOperationException("Not yet.") : Task.CompletedTask;
        })));
        var queue = await CreateQueueAsync(queueName);

        await queue.SendMessageAsync("""{"attempt":"me"}""", TestContext.Current.CancellationToken);

        await attempts.WaitForAsync(3, Patience);
        Assert.True(await RuntimeHosts.EventuallyAsync(async () => await CountAsync(queue) == 0, Patience), "The message was not deleted after its successful attempt.");
        Assert.Equal([1L, 2L, 3L], attempts.Values.Select(message => message.DequeueCount));
        Assert.All(attempts.Values, message => Assert.Equal("""{"attempt":"me"}""", message.Body));
        Assert.Single(attempts.Values.Select(message => message.Id).Distinct());
        Assert.False(await Queue(queueName + PoisonQueues.Suffix).ExistsAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task MessageFailingFiveTimes_MovesToThePoisonQueue_WithItsBody()
    {
        var ct = TestContext.Current.CancellationToken;
        var queueName = RuntimeHosts.UniqueQueueName("poison");
        var attempts = new Recorder<QueueMessageInfo>();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(FunctionDefinition.Queue("AlwaysFails", queueName, (message, _, _) =>
        {
            attempts.Add(message);
            throw new InvalidOperationException("This message can never be handled.");
        })));
        var queue = await CreateQueueAsync(queueName);
        var poison = Queue(queueName + "-poison");

        await queue.SendMessageAsync("""{"doomed":true}""", ct);

        await attempts.WaitForAsync(PoisonQueues.MaxDequeueCount, Patience);
        Assert.True(await RuntimeHosts.EventuallyAsync(async () => await poison.ExistsAsync(ct) && await CountAsync(poison) == 1, Patience), "Nothing reached the poison queue.");
        var poisoned = (await poison.ReceiveMessageAsync(cancellationToken: ct)).Value;
        Assert.Equal("""{"doomed":true}""", poisoned.Body.ToString());
        Assert.Equal(0, await CountAsync(queue));
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        Assert.Equal([1L, 2L, 3L, 4L, 5L], attempts.Values.Select(message => message.DequeueCount));
    }

    [Fact]
    public async Task HandlerRunningPastTheVisibilityTimeout_KeepsItsMessage_WithoutASecondDelivery()
    {
        var queueName = RuntimeHosts.UniqueQueueName("slow");
        var started = new Recorder<QueueMessageInfo>();
        var finished = new Recorder<string>();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(FunctionDefinition.Queue("SlowWorker", queueName, async (message, _, ct) =>
            {
                started.Add(message);
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
                finished.Add(message.Id);
            })),
            // Renewed every 2 s, the lease outlives a busy machine's pauses; the handler runs 2.5 times the timeout.
            new Dictionary<string, string?> { ["Hub:Triggers:VisibilityTimeoutSeconds"] = "4", ["Hub:Triggers:MaxPollingIntervalSeconds"] = "0.2" });
        var queue = await CreateQueueAsync(queueName);

        await queue.SendMessageAsync("""{"work":"long"}""", TestContext.Current.CancellationToken);

        await finished.WaitForAsync(1, TimeSpan.FromSeconds(30));
        Assert.True(await RuntimeHosts.EventuallyAsync(async () => await CountAsync(queue) == 0, Patience), "The message was not deleted with its renewed pop receipt.");
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        var only = Assert.Single(started.Values);
        Assert.Equal(1, only.DequeueCount);
    }

    [Fact]
    public async Task IdleListener_BacksOff_AndANudgeMakesItPollAtOnce_ThenItPollsTightlyAgain()
    {
        var ct = TestContext.Current.CancellationToken;
        var queueName = RuntimeHosts.UniqueQueueName("nudge");
        var received = new Recorder<string>();
        var logs = new CapturingLoggerProvider();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(FunctionDefinition.Queue("Nudged", queueName, (message, _, _) =>
            {
                received.Add(message.Body);
                return Task.CompletedTask;
            })),
            new Dictionary<string, string?>
            {
                ["Hub:Triggers:MaxPollingIntervalSeconds"] = "30",
                ["Logging:LogLevel:DataGovernance.Runtime"] = "Trace",
            },
            logs: logs);
        var queue = await CreateQueueAsync(queueName);

        // The listener announces each idle sleep; wait until one is long enough to tell a nudge from a poll.
        var longSleep = await RuntimeHosts.EventuallyAsync(() => Task.FromResult(logs.Logs.Any(log => IsIdleSleepOf(log, queueName, atLeastMs: 2000))), Patience);
        Assert.True(longSleep, "The idle listener never backed off to a sleep of 2 s or more.");
        await queue.SendMessageAsync("first", ct);
        await Task.Delay(TimeSpan.FromSeconds(1), ct);
        Assert.Equal(0, received.Count);

        var nudged = Stopwatch.StartNew();
        app.Services.GetRequiredService<QueueSignals>().Nudge(queueName);
        await received.WaitForAsync(1, TimeSpan.FromSeconds(1));
        Assert.True(nudged.Elapsed < TimeSpan.FromSeconds(1), $"The nudged listener took {nudged.Elapsed.TotalMilliseconds:F0} ms.");

        var second = Stopwatch.StartNew();
        await queue.SendMessageAsync("second", ct);
        await received.WaitForAsync(2, TimeSpan.FromSeconds(1.5));
        Assert.True(second.Elapsed < TimeSpan.FromSeconds(1.5), $"After a message the listener should poll tightly; it took {second.Elapsed.TotalMilliseconds:F0} ms.");
        Assert.Equal(["first", "second"], received.Values);
    }

    [Fact]
    public async Task Listener_HandlesAtMostQueueConcurrencyMessagesAtOnce()
    {
        var queueName = RuntimeHosts.UniqueQueueName("bounded");
        var running = 0;
        var peak = 0;
        var done = new Recorder<string>();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(FunctionDefinition.Queue("Bounded", queueName, async (message, _, ct) =>
            {
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref peak, now);
                await Task.Delay(300, ct);
                Interlocked.Decrement(ref running);
                done.Add(message.Body);
            })),
            new Dictionary<string, string?> { ["Hub:Triggers:QueueConcurrency"] = "3", ["Hub:Triggers:MaxPollingIntervalSeconds"] = "0.2" });
        var queue = await CreateQueueAsync(queueName);

        for (var i = 0; i < 12; i++)
        {
            await queue.SendMessageAsync($"m{i}", TestContext.Current.CancellationToken);
        }

        await done.WaitForAsync(12, Patience);
        Assert.Equal(3, Volatile.Read(ref peak));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"m{i}").Order(StringComparer.Ordinal), done.Values.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task MessageThatIsNotBase64_GoesToThePoisonQueue_AndTheQueueKeepsFlowing()
    {
        var ct = TestContext.Current.CancellationToken;
        var queueName = RuntimeHosts.UniqueQueueName("rawtext");
        var received = new Recorder<string>();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(FunctionDefinition.Queue("Base64Only", queueName, (message, _, _) =>
        {
            received.Add(message.Body);
            return Task.CompletedTask;
        })));
        await CreateQueueAsync(queueName);
        var plain = new QueueClient(hub.Primary.ConnectionString, queueName);

        await plain.SendMessageAsync("{not base64!}", ct);
        await Queue(queueName).SendMessageAsync("""{"fine":true}""", ct);

        await received.WaitForAsync(1, Patience);
        var poison = new QueueClient(hub.Primary.ConnectionString, queueName + "-poison", new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        Assert.True(await RuntimeHosts.EventuallyAsync(async () => await poison.ExistsAsync(ct) && await CountAsync(poison) == 1, Patience), "The undecodable message did not reach the poison queue.");
        Assert.Equal("{not base64!}", (await poison.ReceiveMessageAsync(cancellationToken: ct)).Value.Body.ToString());
        Assert.Equal(["""{"fine":true}"""], received.Values);
    }

    [Fact]
    public async Task WithTriggersDisabled_TheQueueKeepsItsMessages()
    {
        var ct = TestContext.Current.CancellationToken;
        var queueName = RuntimeHosts.UniqueQueueName("disabled");
        var received = new Recorder<string>();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(FunctionDefinition.Queue("SwitchedOff", queueName, (message, _, _) =>
            {
                received.Add(message.Body);
                return Task.CompletedTask;
            })),
            new Dictionary<string, string?> { ["Hub:Triggers:Enabled"] = "false", ["Hub:Triggers:MaxPollingIntervalSeconds"] = "0.2" });
        var queue = await CreateQueueAsync(queueName);

        await queue.SendMessageAsync("""{"waiting":true}""", ct);
        app.Services.GetRequiredService<QueueSignals>().Nudge(queueName);
        await Task.Delay(TimeSpan.FromSeconds(1.5), ct);

        Assert.Equal(0, received.Count);
        Assert.Equal("""{"waiting":true}""", Assert.Single((await queue.PeekMessagesAsync(10, ct)).Value).Body.ToString());
    }

    private static bool IsIdleSleepOf(CapturedLog log, string queueName, double atLeastMs) =>
        log.EventId.Id == 7010
        && log.Values.Any(value => value.Key == "QueueName" && value.Value == queueName)
        && log.Values.Any(value => value.Key == "DelayMs" && double.Parse(value.Value!, System.Globalization.CultureInfo.InvariantCulture) >= atLeastMs);

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
