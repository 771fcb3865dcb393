using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Azure.Messaging.EventGrid;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Reports;
using DataGovernance.Runtime;
using DataGovernance.Schedules;
using DataGovernance.Storage;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Privacy;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Reports.ReportApi;

namespace DataGovernance.Tests.Reports;

/// <summary>
/// The scheduler, driven with chosen times: a due occurrence runs once however often the timer fires, writes its report
/// to blob storage, records the run and publishes an Event Grid-schema notification. Schedules here fall on 1 January
/// 06:00, so the live every-minute timer never finds them due while a test runs.
/// </summary>
[Collection(nameof(ReportScheduler))]
public sealed class ScheduledRunTests(HubFixture hub)
{
    private const string NewYearsMorning = "0 0 6 1 1 *";

    /// <summary>Later in the year than <see cref="NewYearsMorning"/>, so that driving the scheduler to 1 January leaves it alone.</summary>
    private const string MidsummerMorning = "0 0 6 1 7 *";

    /// <summary>1 December 06:00, for a test that drives the scheduler past its own schedules only.</summary>
    private const string DecemberMorning = "0 0 6 1 12 *";

    private IServiceProvider Services => hub.App.Services;

    private ReportScheduler Scheduler => Services.GetRequiredService<ReportScheduler>();

    [Fact]
    public void Scheduler_IsAnEveryMinuteTimer_InTheFunctionCatalog()
    {
        var timer = Services.GetServices<FunctionDefinition>().Single(function => function.Name == ReportScheduler.FunctionName);
        Assert.Equal(new TimerTrigger("0 * * * * *"), timer.Trigger);
    }

    [Fact]
    public async Task DueReport_RunsOnce_EvenWhenTheTimerFiresTwice_AndIsDeliveredWithANotification()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.RequirementAsync(tenant, "gdpr", "Art. 32", "implemented", "Encryption");
        var schedule = await owner.CreateScheduleAsync(tenant, new { name = "Yearly GDPR", kind = "report", cron = NewYearsMorning, framework = "gdpr", format = "html" });
        var (scheduleId, due) = (schedule.Prop("id"), schedule.GetProperty("nextRunAt").GetDateTimeOffset());
        var runId = ScheduledRun.IdFor(due);

        Assert.Empty(await RunsAsync(owner, tenant, scheduleId));
        await Task.WhenAll(Scheduler.RunDueAsync(due.AddSeconds(30), Ct), Scheduler.RunDueAsync(due.AddSeconds(30), Ct));
        await Scheduler.RunDueAsync(due.AddMinutes(1), Ct);

        var run = await WaitForRunAsync(owner, tenant, scheduleId, runId);
        Assert.Single(await RunsAsync(owner, tenant, scheduleId));
        Assert.Equal(("Completed", "Report"), (run.Prop("status"), run.Prop("kind")));
        Assert.Equal(due, run.GetProperty("occurrence").GetDateTimeOffset());
        Assert.True(run.GetProperty("completedAt").GetDateTimeOffset() >= run.GetProperty("startedAt").GetDateTimeOffset());
        var output = run.GetProperty("output");
        Assert.Equal(("reports", $"{tenant}/{scheduleId}/{runId}/gdpr-readiness-{DateTime.UtcNow:yyyyMMdd}.html"), (output.Prop("container"), output.Prop("blobName")));
        var next = (await (await owner.GetAsync($"{SchedulesUrl(tenant)}/{scheduleId}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal(due.AddYears(1), next);

        var notification = await hub.NotificationAsync(tenant, runId);
        var parsed = EventGridEvent.Parse(BinaryData.FromString(notification.GetRawText()));
        Assert.Equal((RunNotifications.CompletedEventType, $"/tenants/{tenant}/reports/schedules/{scheduleId}/runs/{runId}", "1.0"),
            (parsed.EventType, parsed.Subject, parsed.DataVersion));
        var data = notification.GetProperty("data");
        Assert.Equal((scheduleId, "Yearly GDPR", output.GetProperty("sha256").GetString()),
            (data.Prop("scheduleId"), data.Prop("scheduleName"), data.GetProperty("output").Prop("sha256")));
        using var anonymous = hub.Anonymous();
        var download = await anonymous.GetAsync(data.Prop("downloadUrl"), Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        var bytes = await download.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal((output.GetProperty("sizeBytes").GetInt64(), output.Prop("sha256")), (bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes))));
        Assert.Contains("Security of processing", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);

        var link = await (await owner.GetAsync($"{SchedulesUrl(tenant)}/{scheduleId}/runs/{runId}/download-link", Ct)).ExpectAsync(HttpStatusCode.OK);
        var again = await (await anonymous.GetAsync(link.Prop("url"), Ct)).Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(output.Prop("sha256"), Convert.ToHexStringLower(SHA256.HashData(again)));

        // Even with the scheduler's note of the occurrence lost, the occurrence does not run twice.
        var stored = (await Services.GetRequiredService<ReportScheduleStore>().GetAsync(tenant, scheduleId, Ct))!.Value.Schedule;
        Assert.False(await Services.GetRequiredService<ScheduledRunOperations>().StartAsync(tenant, stored, due, Ct));
        Assert.Single(await RunsAsync(owner, tenant, scheduleId));
    }

    [Fact]
    public async Task DisabledOrNotYetDueSchedules_DoNotRun()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var disabled = await owner.CreateScheduleAsync(tenant, new { name = "Off", kind = "report", cron = NewYearsMorning, framework = "soc2", enabled = false });
        var waiting = await owner.CreateScheduleAsync(tenant, new { name = "Later", kind = "report", cron = NewYearsMorning, framework = "soc2" });
        var due = waiting.GetProperty("nextRunAt").GetDateTimeOffset();

        await Scheduler.RunDueAsync(due.AddSeconds(-1), Ct);

        Assert.Empty(await RunsAsync(owner, tenant, waiting.Prop("id")));
        Assert.Empty(await RunsAsync(owner, tenant, disabled.Prop("id")));
        Assert.False(disabled.TryGetProperty("nextRunAt", out _), "A disabled schedule has no next run.");
    }

    [Fact]
    public async Task FailedRun_IsRecordedWithItsReason_AndNotifiedOnce()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var created = await owner.CreateScheduleAsync(tenant, new { name = "Controls", kind = "export", cron = MidsummerMorning, collection = "controls", format = "csv" });
        var schedule = (await Services.GetRequiredService<ReportScheduleStore>().GetAsync(tenant, created.Prop("id"), Ct))!.Value.Schedule;
        var runs = Services.GetRequiredService<ScheduledRunService>();
        var occurrence = schedule.NextRunAt!.Value;
        var run = (await runs.OpenAsync(tenant, schedule, occurrence, Ct))!;
        Assert.Null(await runs.OpenAsync(tenant, schedule, occurrence, Ct));

        await runs.MarkStartedAsync(tenant, schedule.Id, run.Id, occurrence.AddSeconds(1), Ct);
        await runs.FailAsync(tenant, schedule.Id, run.Id, "The export failed.", occurrence.AddSeconds(5), Ct);
        await runs.NotifyAsync(tenant, schedule.Id, run.Id, Ct);
        await runs.NotifyAsync(tenant, schedule.Id, run.Id, Ct);

        var recorded = Assert.Single(await RunsAsync(owner, tenant, schedule.Id));
        Assert.Equal(("Failed", "The export failed.", 4.0), (recorded.Prop("status"), recorded.Prop("failureReason"), recorded.GetProperty("durationSeconds").GetDouble()));
        await (await owner.GetAsync($"{SchedulesUrl(tenant)}/{schedule.Id}/runs/{run.Id}/download-link", Ct)).ExpectAsync(HttpStatusCode.Conflict, "run-has-no-report");
        var notification = await hub.NotificationAsync(tenant, run.Id);
        Assert.Equal(RunNotifications.FailedEventType, notification.Prop("eventType"));
        Assert.Equal("The export failed.", notification.GetProperty("data").Prop("failureReason"));
        await Assert.ThrowsAsync<TimeoutException>(() => hub.NotificationAsync(tenant, run.Id, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task ScheduleThatCannotStart_DoesNotStopTheOthers_AndWaitsForItsNextOccurrence()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var good = await owner.CreateScheduleAsync(tenant, new { name = "December GDPR", kind = "report", cron = DecemberMorning, framework = "gdpr", format = "json" });
        var (goodId, due) = (good.Prop("id"), good.GetProperty("nextRunAt").GetDateTimeOffset());
        // An id too long for the run's orchestration instance id: the start of this schedule's run throws every time.
        var store = Services.GetRequiredService<ReportScheduleStore>();
        var broken = (await store.GetAsync(tenant, goodId, Ct))!.Value.Schedule with { Id = new string('b', 190), Name = "Broken" };
        await store.AddAsync(tenant, broken, Ct);

        await Scheduler.RunDueAsync(due.AddSeconds(30), Ct);
        await Scheduler.RunDueAsync(due.AddMinutes(1), Ct);

        var run = await WaitForRunAsync(owner, tenant, goodId, ScheduledRun.IdFor(due));
        Assert.Equal("Completed", run.Prop("status"));
        Assert.Equal(due.AddYears(1), (await store.GetAsync(tenant, broken.Id, Ct))!.Value.Schedule.NextRunAt);
        Assert.Equal(due.AddYears(1), (await store.GetAsync(tenant, goodId, Ct))!.Value.Schedule.NextRunAt);
    }

    /// <summary>
    /// Each run is changed by six writers at once while the run is marked started: a change that keeps losing the race
    /// is retried by the hub's one retry and, if it still loses, ends as that retry's conflict (503 busy), never as an
    /// internal error after a few attempts.
    /// </summary>
    [Fact]
    public async Task RunChangedByOthersMeanwhile_IsRetriedByTheHubsRetry_NeverAnInternalError()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var created = await owner.CreateScheduleAsync(tenant, new { name = "Busy", kind = "report", cron = MidsummerMorning, framework = "gdpr", format = "json" });
        var schedule = (await Services.GetRequiredService<ReportScheduleStore>().GetAsync(tenant, created.Prop("id"), Ct))!.Value.Schedule;
        var runs = Services.GetRequiredService<ScheduledRunService>();
        var store = Services.GetRequiredService<ScheduledRunStore>();

        for (var year = 0; year < 8; year++)
        {
            var run = (await runs.OpenAsync(tenant, schedule, schedule.NextRunAt!.Value.AddYears(year), Ct))!;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var writes = 0;
            var others = Enumerable.Range(0, 6).Select(_ => Task.Run(async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    var (current, etag) = (await store.GetAsync(tenant, schedule.Id, run.Id, Ct))!.Value;
                    if ((await store.ReplaceAsync(tenant, current with { CreatedAt = current.CreatedAt.AddTicks(1) }, etag, Ct)).Succeeded)
                    {
                        Interlocked.Increment(ref writes);
                    }
                }
            })).ToList();
            var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
            while (Volatile.Read(ref writes) < 20)
            {
                Assert.True(DateTimeOffset.UtcNow < deadline, "The other writers did not get going.");
                await Task.Delay(TimeSpan.FromMilliseconds(10), Ct);
            }

            var outcome = await Xunit.Record.ExceptionAsync(() => runs.MarkStartedAsync(tenant, schedule.Id, run.Id, DateTimeOffset.UtcNow, Ct));
            await stop.CancelAsync();
            await Task.WhenAll(others);

            Assert.True(outcome is null or ConcurrencyConflictException, $"Run {run.Id} ended with {outcome}");
            Assert.Equal(outcome is null ? RunStatus.Running : RunStatus.Pending, (await runs.GetAsync(tenant, schedule.Id, run.Id, Ct))!.Status);
        }
    }

    private static async Task<List<JsonElement>> RunsAsync(HttpClient client, string tenant, string scheduleId) =>
        [.. (await (await client.GetAsync($"{SchedulesUrl(tenant)}/{scheduleId}/runs", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()];

    /// <summary>Polls the run until it has ended (a deadline of 90 seconds).</summary>
    public static async Task<JsonElement> WaitForRunAsync(HttpClient client, string tenant, string scheduleId, string runId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            var response = await client.GetAsync($"{SchedulesUrl(tenant)}/{scheduleId}/runs/{runId}", Ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var run = await response.ExpectAsync(HttpStatusCode.OK);
                if (run.Prop("status") is "Completed" or "Failed")
                {
                    return run;
                }
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Run {runId} did not end in time.");
            await Task.Delay(TimeSpan.FromMilliseconds(250), Ct);
        }
    }
}
