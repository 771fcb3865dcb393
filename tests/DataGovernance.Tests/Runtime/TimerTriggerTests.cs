using Azure.Storage.Blobs;
using DataGovernance.Runtime;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Runtime;

/// <summary>Timers: on schedule, once per occurrence across instances, with their status kept in blob storage.</summary>
public sealed class TimerTriggerTests(HubFixture hub)
{
    private const string EveryTwoSeconds = "*/2 * * * * *";

    /// <summary>Midnight on January 1st: an occurrence no test run comes near.</summary>
    private const string Yearly = "0 0 0 1 1 *";

    private BlobClient StatusBlob(string functionName) =>
        new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient(StorageNames.RuntimeContainer).GetBlobClient($"timers/{functionName}/status");

    private async Task<TimerScheduleStatus?> StatusAsync(string functionName)
    {
        var blob = StatusBlob(functionName);
        return await blob.ExistsAsync(TestContext.Current.CancellationToken)
            ? (await blob.DownloadContentAsync(TestContext.Current.CancellationToken)).Value.Content.ToObjectFromJson<TimerScheduleStatus>()
            : null;
    }

    private static DateTimeOffset NextNewYear(DateTimeOffset after) => new(after.Year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Timer_FiresOnItsSchedule_AndKeepsItsScheduleStatus()
    {
        var name = RuntimeHosts.UniqueFunctionName("EveryTwoSeconds");
        var fired = new Recorder<TimerInfo>();
        await using var app = RuntimeHosts.Start(hub, services => services.AddFunction(FunctionDefinition.Timer(name, EveryTwoSeconds, (timer, _, _) =>
        {
            fired.Add(timer);
            return Task.CompletedTask;
        })));

        var runs = await fired.WaitForAsync(2, TimeSpan.FromSeconds(8));

        foreach (var run in runs)
        {
            Assert.True(run.At - Occurrence(run.At) < TimeSpan.FromSeconds(1), $"Fired at {run.At:O}, long after its occurrence.");
            Assert.False(run.Value.IsPastDue);
            Assert.Equal(EveryTwoSeconds, run.Value.Schedule);
        }
        // Consecutive occurrences, each fired within a second of its own (how late a run starts depends on the machine's load).
        Assert.Equal(TimeSpan.FromSeconds(2), Occurrence(runs[1].At) - Occurrence(runs[0].At));

        // The second run saw the status the first one wrote: its occurrence as Last, the second's as Next.
        var seen = runs[1].Value.ScheduleStatus!;
        Assert.Equal(Occurrence(runs[0].At), seen.Last);
        Assert.Equal(seen.Last.AddSeconds(2), seen.Next);
        Assert.True(seen.LastUpdated >= seen.Last);

        Assert.True(await RuntimeHosts.EventuallyAsync(async () => (await StatusAsync(name))?.Last == Occurrence(runs[1].At), TimeSpan.FromSeconds(3)));
        var stored = (await StatusAsync(name))!;
        Assert.Equal(stored.Last.AddSeconds(2), stored.Next);
        Assert.True(stored.LastUpdated >= stored.Last && stored.LastUpdated < stored.Next);
    }

    [Fact]
    public async Task TwoInstancesOnTheSameStorage_NeverFireTheSameOccurrence()
    {
        var name = RuntimeHosts.UniqueFunctionName("Singleton");
        var fired = new Recorder<string>();
        void Register(Microsoft.Extensions.DependencyInjection.IServiceCollection services, string instance) =>
            services.AddFunction(FunctionDefinition.Timer(name, EveryTwoSeconds, (_, _, _) =>
            {
                fired.Add(instance);
                return Task.CompletedTask;
            }));
        await using var first = RuntimeHosts.Start(hub, services => Register(services, "first"));
        await using var second = RuntimeHosts.Start(hub, services => Register(services, "second"));

        await Task.Delay(TimeSpan.FromSeconds(7), TestContext.Current.CancellationToken);

        var runs = fired.Items.OrderBy(run => run.At).ToList();
        Assert.True(runs.Count >= 3, $"Only {runs.Count} runs in 7 s.");
        var occurrences = runs.Select(run => Occurrence(run.At)).ToList();
        Assert.True(occurrences.Distinct().Count() == occurrences.Count,
            "An occurrence ran twice: " + string.Join(", ", runs.Select(run => $"{run.Value}@{run.At:HH:mm:ss.fff}")));
        Assert.All(occurrences.Zip(occurrences.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(2), pair.Second - pair.First));
    }

    [Fact]
    public async Task AtStart_AMissedOccurrenceRunsOnceAsPastDue_RunOnStartupRunsOnce_AndAnUpToDateTimerWaits()
    {
        var ct = TestContext.Current.CancellationToken;
        var now = DateTimeOffset.UtcNow;
        var (missed, onStartup, upToDate) = (RuntimeHosts.UniqueFunctionName("Missed"), RuntimeHosts.UniqueFunctionName("OnStartup"), RuntimeHosts.UniqueFunctionName("UpToDate"));
        var missedOccurrence = TruncateToSecond(now.AddMinutes(-10));
        var container = new BlobServiceClient(hub.Primary.ConnectionString).GetBlobContainerClient(StorageNames.RuntimeContainer);
        await container.CreateIfNotExistsAsync(cancellationToken: ct);
        await StatusBlob(missed).UploadAsync(BinaryData.FromObjectAsJson(new TimerScheduleStatus(now.AddDays(-1), missedOccurrence, now.AddDays(-1))), ct);
        await StatusBlob(upToDate).UploadAsync(BinaryData.FromObjectAsJson(new TimerScheduleStatus(now.AddDays(-1), NextNewYear(now), now.AddDays(-1))), ct);
        var fired = new Recorder<(string Name, TimerInfo Timer)>();
        FunctionDefinition Timer(string name, bool runOnStartup) => FunctionDefinition.Timer(name, Yearly, (timer, _, _) =>
        {
            fired.Add((name, timer));
            return Task.CompletedTask;
        }, runOnStartup);

        await using (RuntimeHosts.Start(hub, services =>
                     {
                         services.AddFunction(Timer(missed, runOnStartup: false));
                         services.AddFunction(Timer(onStartup, runOnStartup: true));
                         services.AddFunction(Timer(upToDate, runOnStartup: false));
                     }))
        {
            await fired.WaitForAsync(2, TimeSpan.FromSeconds(10));
            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        var runs = fired.Values;
        Assert.Equal(2, runs.Count);
        var pastDue = Assert.Single(runs, run => run.Name == missed).Timer;
        Assert.True(pastDue.IsPastDue);
        Assert.Equal(missedOccurrence, pastDue.ScheduleStatus!.Next);
        var startup = Assert.Single(runs, run => run.Name == onStartup).Timer;
        Assert.False(startup.IsPastDue);

        var missedStatus = (await StatusAsync(missed))!;
        Assert.Equal(missedOccurrence, missedStatus.Last);
        Assert.Equal(NextNewYear(now), missedStatus.Next);
        Assert.True(missedStatus.LastUpdated >= now);
        Assert.Equal(NextNewYear(now), (await StatusAsync(onStartup))!.Next);

        // A restart finds the status up to date: nothing is past due any more.
        await using (RuntimeHosts.Start(hub, services => services.AddFunction(Timer(missed, runOnStartup: false))))
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5), ct);
        }
        Assert.Equal(2, fired.Count);
    }

    private static DateTimeOffset TruncateToSecond(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    /// <summary>The even second an every-two-seconds timer run belongs to (runs start just after it).</summary>
    private static DateTimeOffset Occurrence(DateTimeOffset firedAt) =>
        new(firedAt.UtcTicks - (firedAt.UtcTicks % (2 * TimeSpan.TicksPerSecond)), TimeSpan.Zero);
}
