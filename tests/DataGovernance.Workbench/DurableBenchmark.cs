using System.Diagnostics;
using System.Globalization;
using DataGovernance.Orchestrations;
using DataGovernance.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DataGovernance.Workbench;

/// <summary>
/// The durable engine's throughput on one worker process, printed next to the raw queue round-trip rate
/// (send + receive + delete) measured on the same storage in the same run.
/// </summary>
public static class DurableBenchmark
{
    private const int SequentialActivities = 10;
    private const int FanOutActivities = 100;
    private const int SmallOrchestrations = 200;

    public static async Task<int> RunAsync(Func<string[], IHost> createWorker, IReadOnlyList<string> options)
    {
        var runs = options is ["--runs", var value] && int.TryParse(value, CultureInfo.InvariantCulture, out var parsed) && parsed > 0 ? parsed : 3;
        using var host = createWorker([]);
        await host.StartAsync();
        var storage = host.Services.GetRequiredService<HubStorage>();
        var client = host.Services.GetRequiredService<DurableTaskClient>();

        Console.WriteLine("bench durable: raw queue round trips (send + receive + delete)...");
        var sequentialQueue = await QueueRoundTripsAsync(storage, parallelism: 1, perLoop: 300);
        var parallelQueue = await QueueRoundTripsAsync(storage, parallelism: 16, perLoop: 100);

        Console.WriteLine($"bench durable: engine, {runs} runs per scenario...");
        await RunAsync(client, nameof(Chain), 2);
        var sequential = new List<double>();
        var fanOut = new List<double>();
        var small = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            sequential.Add(SequentialActivities / (await RunAsync(client, nameof(Chain), SequentialActivities)).TotalSeconds);
            fanOut.Add(FanOutActivities / (await RunAsync(client, nameof(FanOutFanIn), FanOutActivities)).TotalSeconds);
            small.Add(SmallOrchestrations / (await RunManyAsync(client, SmallOrchestrations)).TotalSeconds);
            Console.WriteLine($"  run {run + 1}: sequential {sequential[^1]:F0} activities/s, fan-out {fanOut[^1]:F0} activities/s, {small[^1]:F0} orchestrations/s");
        }
        await host.StopAsync();

        var (seq, fan, orchestrations) = (Median(sequential), Median(fanOut), Median(small));
        Console.WriteLine();
        Console.WriteLine("| measurement | rate (median of runs) | ratio | target |");
        Console.WriteLine("|---|---|---|---|");
        Console.WriteLine($"| raw queue round trips, sequential | {sequentialQueue:F0}/s | 1.00 | |");
        Console.WriteLine($"| raw queue round trips, 16 in parallel | {parallelQueue:F0}/s | 1.00 | |");
        Console.WriteLine($"| {SequentialActivities}-activity sequential orchestration | {seq:F0} activities/s | {seq / sequentialQueue:F2} of sequential round trips | ≥ 30 activities/s: {Verdict(seq >= 30)} |");
        Console.WriteLine($"| {FanOutActivities}-activity fan-out/fan-in | {fan:F0} activities/s | {fan / parallelQueue:F2} of parallel round trips | ≥ 100 activities/s and ≥ 0.20: {Verdict(fan >= 100 && fan / parallelQueue >= 0.2)} |");
        Console.WriteLine($"| {SmallOrchestrations} small orchestrations (one activity each) | {orchestrations:F0} orchestrations/s | {orchestrations / parallelQueue:F2} of parallel round trips | |");
        return 0;
    }

    private static async Task<double> QueueRoundTripsAsync(HubStorage storage, int parallelism, int perLoop)
    {
        var queue = storage.Primary.Queues.GetQueueClient($"bench-roundtrips-{Guid.NewGuid():N}"[..40]);
        await queue.CreateAsync();
        try
        {
            var watch = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, parallelism).Select(async _ =>
            {
                for (var i = 0; i < perLoop; i++)
                {
                    await queue.SendMessageAsync("{\"ping\":1}");
                    var received = (await queue.ReceiveMessagesAsync(1)).Value;
                    foreach (var message in received)
                    {
                        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                    }
                }
            }));
            return parallelism * perLoop / watch.Elapsed.TotalSeconds;
        }
        finally
        {
            await queue.DeleteAsync();
        }
    }

    /// <summary>The time from scheduling to completion as the engine recorded it.</summary>
    private static async Task<TimeSpan> RunAsync(DurableTaskClient client, string orchestrator, int input)
    {
        var instanceId = await client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input);
        var done = await client.WaitForInstanceCompletionAsync(instanceId);
        if (done.RuntimeStatus != OrchestrationRuntimeStatus.Completed)
        {
            throw new InvalidOperationException($"{orchestrator} ended {done.RuntimeStatus}: {done.FailureDetails?.ErrorMessage}");
        }
        return done.CompletedAt!.Value - done.CreatedAt;
    }

    private static async Task<TimeSpan> RunManyAsync(DurableTaskClient client, int count)
    {
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => client.ScheduleNewOrchestrationInstanceAsync(nameof(Chain), 1)));
        var done = await Task.WhenAll(ids.Select(id => client.WaitForInstanceCompletionAsync(id)));
        if (done.FirstOrDefault(instance => instance.RuntimeStatus != OrchestrationRuntimeStatus.Completed) is { } failed)
        {
            throw new InvalidOperationException($"{failed.InstanceId} ended {failed.RuntimeStatus}");
        }
        return done.Max(instance => instance.CompletedAt!.Value) - done.Min(instance => instance.CreatedAt);
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

    private static string Verdict(bool met) => met ? "met" : "NOT met";
}
