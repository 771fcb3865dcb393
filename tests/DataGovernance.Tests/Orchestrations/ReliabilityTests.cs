using System.Text.Json;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Engine;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Workbench;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Xunit;

namespace DataGovernance.Tests.Orchestrations;

/// <summary>
/// The engine under crashes, competition and outages, with real worker processes on a real Azurite of their own.
/// <c>./hub test --long</c> runs ten crash seeds instead of three.
/// </summary>
public sealed class ReliabilityTests : IAsyncLifetime
{
    private static readonly bool Long = Environment.GetEnvironmentVariable("HUB_TEST_LONG") == "1";

    private AzuriteProcess _azurite = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<int> CrashSeeds => [.. Enumerable.Range(1, Long ? 10 : 3)];

    public async ValueTask InitializeAsync() => _azurite = await AzuriteProcess.StartAsync("reliability");

    public async ValueTask DisposeAsync() => await _azurite.DisposeAsync();

    [Theory]
    [MemberData(nameof(CrashSeeds))]
    public async Task WorkerKilledAtRandomMoments_EveryOrchestrationStillCompletesWithTheRightOutput(int seed)
    {
        var random = new Random(seed);
        var taskHub = $"Crash{seed}{Guid.NewGuid():N}"[..20];
        await using var worker = new WorkerProcess(_azurite.ConnectionString, taskHub);
        await using var services = await ClientAsync(taskHub, worker);
        var client = services.GetRequiredService<DurableTaskClient>();
        var plans = Enumerable.Range(0, 50).Select(index => Plan.Mixed(index, random)).ToList();
        var ids = await ScheduleAsync(client, plans);

        var chaos = Task.Run(async () =>
        {
            for (var kill = 0; kill < 4; kill++)
            {
                await Task.Delay(random.Next(300, 1500), Ct);
                await worker.KillAsync();
                await Task.Delay(random.Next(0, 400), Ct);
                await worker.StartAsync();
            }
        }, Ct);
        var signals = RaiseSignalsAsync(client, plans, ids, new Random(seed * 7919));
        await Task.WhenAll(chaos, signals);

        await AssertAllCompletedAsync(client, plans, ids, TimeSpan.FromSeconds(120));
    }

    [Fact]
    public async Task TwoWorkersOnOneStorage_CompleteEachOrchestrationExactlyOnce()
    {
        var taskHub = $"Two{Guid.NewGuid():N}"[..20];
        await using var first = new WorkerProcess(_azurite.ConnectionString, taskHub);
        await using var second = new WorkerProcess(_azurite.ConnectionString, taskHub);
        await using var services = await ClientAsync(taskHub, first);
        await second.StartAsync();
        var client = services.GetRequiredService<DurableTaskClient>();
        var plans = Enumerable.Range(0, 200).Select(index => index % 2 == 0 ? Plan.Chain(2 + (index % 3)) : Plan.FanOut(2 + (index % 4))).ToList();
        var ids = await ScheduleAsync(client, plans);

        await AssertAllCompletedAsync(client, plans, ids, TimeSpan.FromSeconds(120));

        foreach (var id in ids)
        {
            var history = await client.GetHistoryAsync(id, Ct);
            Assert.Equal(1, history.Count(e => e.EventType == "ExecutionCompleted"));
            Assert.Equal(1, history.Count(e => e.EventType == "ExecutionStarted"));
        }
    }

    [Fact]
    public async Task StorageStoppedAndRestartedMidRun_TheEngineRecoversByItself()
    {
        var taskHub = $"Outage{Guid.NewGuid():N}"[..20];
        await using var worker = new WorkerProcess(_azurite.ConnectionString, taskHub);
        await using var services = await ClientAsync(taskHub, worker);
        var client = services.GetRequiredService<DurableTaskClient>();
        var plans = Enumerable.Range(0, 30).Select(index => (index % 3) switch
        {
            0 => Plan.Chain(6),
            1 => Plan.Sleep(2500),
            _ => Plan.FanOut(8),
        }).ToList();
        var ids = await ScheduleAsync(client, plans);

        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        await _azurite.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        await _azurite.StartAgainAsync();

        await AssertAllCompletedAsync(client, plans, ids, TimeSpan.FromSeconds(120));
        Assert.True(worker.IsRunning, "The worker did not survive the outage.");
    }

    private sealed record Plan(string Orchestrator, object? Input, string ExpectedOutput, string? Signal = null)
    {
        public static Plan Chain(int length) => new(nameof(Workbench.Chain), length, $"{length}");

        public static Plan FanOut(int width) => new(nameof(FanOutFanIn), width, $"{Enumerable.Range(1, width).Sum(n => n * n)}");

        public static Plan Sleep(int milliseconds) => new(nameof(Sleeper), milliseconds, "\"woke\"");

        public static Plan Mixed(int index, Random random) => (index % 5) switch
        {
            0 => Chain(2 + random.Next(4)),
            1 => FanOut(3 + random.Next(8)),
            2 => Sleep(200 + random.Next(1500)),
            3 => new(nameof(AwaitSignal), null, $"\"signal-{index}\"", $"signal-{index}"),
            _ => Children(1 + random.Next(3)),
        };

        private static Plan Children(int count) => new(nameof(Parent), count, $"{count * (count + 1) / 2}");
    }

    private static async Task<ServiceProvider> ClientAsync(string taskHub, WorkerProcess worker)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = ConnectionOf(worker),
            ["Hub:SecondaryStorage"] = ConnectionOf(worker),
            ["Hub:Durable:TaskHub"] = taskHub,
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddDataGovernanceCore()
            .AddDurableEngine()
            .BuildServiceProvider();
        await worker.StartAsync();
        // The worker creates the task hub's tables, queues and, last, its large-message container.
        var names = services.GetRequiredService<TaskHubNames>();
        var container = services.GetRequiredService<DataGovernance.Storage.HubStorage>().Primary.Container(names.LargeMessagesContainer);
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await container.ExistsAsync(Ct))
            {
                return services;
            }
            await Task.Delay(100, Ct);
        }
        throw new TimeoutException("The worker did not create its task hub.");
    }

    private static string ConnectionOf(WorkerProcess worker) => worker.StorageConnectionString;

    private static async Task<List<string>> ScheduleAsync(DurableTaskClient client, IReadOnlyList<Plan> plans) =>
        [.. await Task.WhenAll(plans.Select(plan => client.ScheduleNewOrchestrationInstanceAsync(plan.Orchestrator, plan.Input, cancellation: Ct)))];

    private static async Task RaiseSignalsAsync(DurableTaskClient client, IReadOnlyList<Plan> plans, IReadOnlyList<string> ids, Random random)
    {
        foreach (var (plan, id) in plans.Zip(ids).Where(pair => pair.First.Signal is not null))
        {
            await Task.Delay(random.Next(0, 300), Ct);
            await client.RaiseEventAsync(id, AwaitSignal.EventName, plan.Signal, Ct);
        }
    }

    private static async Task AssertAllCompletedAsync(DurableTaskClient client, IReadOnlyList<Plan> plans, IReadOnlyList<string> ids, TimeSpan timeout)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        deadline.CancelAfter(timeout);
        var pending = plans.Zip(ids).ToList();
        var problems = new List<string>();
        while (pending.Count > 0 && !deadline.IsCancellationRequested)
        {
            var still = new List<(Plan, string)>();
            foreach (var (plan, id) in pending)
            {
                var instance = await client.GetInstanceAsync(id, true, CancellationToken.None);
                if (instance is not { IsCompleted: true })
                {
                    still.Add((plan, id));
                }
                else if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed || !SameJson(instance.SerializedOutput, plan.ExpectedOutput))
                {
                    problems.Add($"{id} ({plan.Orchestrator}): {instance.RuntimeStatus} {instance.SerializedOutput} {instance.FailureDetails?.ErrorMessage}, expected {plan.ExpectedOutput}");
                }
            }
            pending = still;
            if (pending.Count > 0)
            {
                await Task.Delay(250, CancellationToken.None);
            }
        }
        problems.AddRange(pending.Select(pair => $"{pair.Item2} ({pair.Item1.Orchestrator}) did not finish in {timeout.TotalSeconds} s"));
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    private static bool SameJson(string? actual, string expected) =>
        actual is not null && JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(actual)) == JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(expected));
}
