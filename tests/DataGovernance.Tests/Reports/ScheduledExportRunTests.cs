using DataGovernance.Exports;
using DataGovernance.Orchestrations.Reports;
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
}
