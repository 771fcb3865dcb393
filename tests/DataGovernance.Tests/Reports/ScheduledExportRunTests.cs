using DataGovernance.Exports;
using DataGovernance.Orchestrations;
using DataGovernance.Orchestrations.Reports;
using DataGovernance.Records;
using DataGovernance.Schedules;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Privacy;
using DataGovernance.Tests.Records;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Reports.ReportApi;

namespace DataGovernance.Tests.Reports;

/// <summary>
/// A scheduled export: the run starts the export through <see cref="ExportService"/>, follows it with durable timers
/// until it completes, and notifies with the export's id. Runs against the real export service; in the same collection
/// as <see cref="ScheduledRunTests"/> because both drive the one scheduler to chosen times.
/// </summary>
[Collection(nameof(ReportScheduler))]
public sealed class ScheduledExportRunTests(HubFixture hub)
{
    /// <summary>1 April 06:00: between the other scheduler tests' 1 January and 1 July.</summary>
    private const string AprilMorning = "0 0 6 1 4 *";

    [Fact]
    public async Task DueExport_StartsTheExport_FollowsItToTheEnd_AndNotifiesWithTheExportId()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateIdAsync(tenant, "controls", RecordApi.ValidControl);
        var schedule = await owner.CreateScheduleAsync(tenant, new { name = "Controls", kind = "export", cron = AprilMorning, collection = "controls", format = "csv" });
        var (scheduleId, due) = (schedule.Prop("id"), schedule.GetProperty("nextRunAt").GetDateTimeOffset());
        var runId = ScheduledRun.IdFor(due);

        await hub.App.Services.GetRequiredService<ReportScheduler>().RunDueAsync(due.AddSeconds(30), Ct);

        var run = await ScheduledRunTests.WaitForRunAsync(owner, tenant, scheduleId, runId);
        Assert.True(run.Prop("status") == "Completed", $"The run ended {run}");
        var exportId = run.Prop("exportId");
        var export = await hub.App.Services.GetRequiredService<ExportService>().GetAsync(tenant, exportId, Ct);
        Assert.Equal((ExportStatus.Completed, "controls", ExportFormat.Csv, ScheduledRunService.Scheduler.Id),
            (export.Value!.Status, export.Value.Request.Collection, export.Value.Request.Format, export.Value.RequestedBy));
        var notification = await hub.NotificationAsync(tenant, runId);
        Assert.Equal(RunNotifications.CompletedEventType, notification.Prop("eventType"));
        Assert.Equal((exportId, $"/api/tenants/{tenant}/exports/{exportId}", "Export"),
            (notification.GetProperty("data").Prop("exportId"), notification.GetProperty("data").Prop("exportUrl"), notification.GetProperty("data").Prop("kind")));
    }

    [Fact]
    public async Task ExportStep_RepeatedAfterItsRecordWasLost_FindsTheExportItStartedBefore()
    {
        var (tenant, schedule) = await ExportScheduleAsync();
        var runs = Services.GetRequiredService<ScheduledRunService>();
        var run = (await runs.OpenAsync(tenant, schedule, schedule.NextRunAt!.Value, Ct))!;

        var first = await runs.StartExportAsync(tenant, schedule.Id, run.Id, schedule.Export!, Ct);
        // As if the step was interrupted after the export started and before the run recorded it.
        var store = Services.GetRequiredService<ScheduledRunStore>();
        var (recorded, etag) = (await store.GetAsync(tenant, schedule.Id, run.Id, Ct))!.Value;
        Assert.True((await store.ReplaceAsync(tenant, recorded with { ExportId = null }, etag, Ct)).Succeeded);
        var again = await runs.StartExportAsync(tenant, schedule.Id, run.Id, schedule.Export!, Ct);

        Assert.Equal(first, again);
        var exports = (await Services.GetRequiredService<ExportService>().ListAsync(tenant, 100, null, Ct)).Value!.Items;
        Assert.Equal([first], exports.Select(export => export.Id));
        Assert.Equal(first, (await runs.GetAsync(tenant, schedule.Id, run.Id, Ct))!.ExportId);
    }

    [Fact]
    public async Task RunFollowingAnExportThatExpired_EndsFailed_WithTheReason()
    {
        var (tenant, schedule) = await ExportScheduleAsync();
        var exports = Services.GetRequiredService<ExportService>();
        var started = await exports.StartAsync(tenant, schedule.Export!, new WriteContext(ScheduledRunService.Scheduler, "test"), Ct);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        DataExport export;
        while ((export = (await exports.GetAsync(tenant, started.Value!.Id, Ct)).Value!).Status != ExportStatus.Completed)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"The export did not complete: {export.Status}");
            await Task.Delay(TimeSpan.FromMilliseconds(250), Ct);
        }
        await Services.GetRequiredService<ExportStore>().ExpireAsync(export, Ct);
        var run = (await Services.GetRequiredService<ScheduledRunService>().OpenAsync(tenant, schedule, schedule.NextRunAt!.Value, Ct))!;

        // The run picks up following the export, as after continuing as new, with an hour still to wait.
        var input = new ScheduledRunInput(tenant, schedule.Id, run.Id, ScheduleKind.Export, null, null, schedule.Export, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1))
        {
            ExportId = export.Id,
            WaitingSince = DateTimeOffset.UtcNow,
        };
        await Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync(nameof(ScheduledRunOrchestration), input,
            StartOrchestrationOptions.ForTenant(tenant, ScheduledRunOperations.InstanceId(tenant, schedule.Id, run.Id)), Ct);

        using var owner = hub.Owner(tenant);
        var ended = await ScheduledRunTests.WaitForRunAsync(owner, tenant, schedule.Id, run.Id);
        Assert.Equal(("Failed", "The export expired (its file was deleted) before the run saw it complete."), (ended.Prop("status"), ended.Prop("failureReason")));
    }

    private IServiceProvider Services => hub.App.Services;

    private async Task<(string Tenant, ReportSchedule Schedule)> ExportScheduleAsync()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        await owner.CreateIdAsync(tenant, "controls", RecordApi.ValidControl);
        var created = await owner.CreateScheduleAsync(tenant, new { name = "Controls", kind = "export", cron = AprilMorning, collection = "controls", format = "csv" });
        return (tenant, (await Services.GetRequiredService<ReportScheduleStore>().GetAsync(tenant, created.Prop("id"), Ct))!.Value.Schedule);
    }
}
