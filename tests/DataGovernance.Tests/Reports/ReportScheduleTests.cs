using System.Net;
using System.Net.Http.Json;
using DataGovernance.Exports;
using DataGovernance.Orchestrations.Reports;
using DataGovernance.Schedules;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Privacy;
using DataGovernance.Tests.Records;
using DataGovernance.Tests.Security;
using Xunit;
using static DataGovernance.Tests.Reports.ReportApi;

namespace DataGovernance.Tests.Reports;

/// <summary>
/// Report and export schedules: validation of the NCRONTAB expression and the body, and their lifecycle. In the scheduler
/// tests' collection, so that no scheduler they drive to a chosen time touches these schedules mid-test.
/// </summary>
[Collection(nameof(ReportScheduler))]
public sealed class ReportScheduleTests(HubFixture hub)
{
    private static readonly object WeeklySoc2 = new { name = "Weekly SOC 2", kind = "report", cron = "0 0 6 * * 1", framework = "soc2", format = "pdf" };

    [Fact]
    public async Task InvalidBodies_AreRefused_WithFieldErrors()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);

        await AssertFieldErrorAsync(owner, tenant, new { name = "x", kind = "report", cron = "every monday", framework = "soc2", format = "pdf" }, "cron");
        var tooOften = await AssertFieldErrorAsync(owner, tenant, new { name = "x", kind = "report", cron = "* * * * * *", framework = "soc2" }, "cron");
        Assert.Contains("at most once every 1 hour(s)", tooOften, StringComparison.Ordinal);
        await AssertFieldErrorAsync(owner, tenant, new { name = "x", kind = "report", cron = "0 */10 * * * *", framework = "soc2" }, "cron");
        await AssertFieldErrorAsync(owner, tenant, new { name = "x", kind = "report", cron = "0 0 6 * * *", framework = "pci-dss" }, "framework");
        await AssertFieldErrorAsync(owner, tenant, new { name = "x", kind = "report", cron = "0 0 6 * * *", framework = "soc2", format = "docx" }, "format");
        await AssertFieldErrorAsync(owner, tenant, new { name = "x", kind = "backup", cron = "0 0 6 * * *" }, "kind");
        await AssertFieldErrorAsync(owner, tenant, new { name = "", kind = "report", cron = "0 0 6 * * *", framework = "soc2" }, "name");
        await AssertFieldErrorAsync(owner, tenant, new { name = "x", kind = "export", cron = "0 0 6 * * *", format = "csv" }, "collection");
        await AssertFieldErrorAsync(owner, tenant, new { name = "x", kind = "export", cron = "0 0 6 * * *", collection = "planets", format = "csv" }, "collection");
        await AssertFieldErrorAsync(owner, tenant, new { name = "x", kind = "export", cron = "0 0 6 * * *", collection = "controls", format = "pdf" }, "format");
        Assert.Empty((await (await owner.GetAsync(SchedulesUrl(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task Schedule_IsCreatedReadReplacedAndDeleted_UnderItsETag()
    {
        var tenant = await hub.CreateTenantAsync();
        using var manager = hub.TenantClient(tenant, Role.ComplianceManager);
        var before = DateTimeOffset.UtcNow;

        var created = await manager.CreateScheduleAsync(tenant, WeeklySoc2);
        var id = created.Prop("id");
        var next = created.GetProperty("nextRunAt").GetDateTimeOffset();
        Assert.Equal((DayOfWeek.Monday, 6, 0), (next.DayOfWeek, next.Hour, next.Minute));
        Assert.InRange(next, before, before.AddDays(7));
        Assert.Equal(("Report", "Pdf", 1L), (created.Prop("kind"), created.Prop("reportFormat"), created.GetProperty("version").GetInt64()));

        var url = $"{SchedulesUrl(tenant)}/{id}";
        var read = await manager.GetAsync(url, Ct);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        var export = new { name = "Nightly controls", kind = "export", cron = "0 30 1 * * *", collection = "controls", format = "xlsx", enabled = false };
        await (await manager.PutJsonAsync(url, export, null, Ct)).ExpectAsync(HttpStatusCode.PreconditionRequired, "if-match-required");
        var replaced = await (await manager.PutJsonAsync(url, export, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("Export", "controls", "Xlsx", false), (replaced.Prop("kind"), replaced.GetProperty("export").Prop("collection"),
            replaced.GetProperty("export").Prop("format"), replaced.GetProperty("enabled").GetBoolean()));
        Assert.False(replaced.TryGetProperty("nextRunAt", out _), "A disabled schedule has no next run.");
        await (await manager.PutJsonAsync(url, export, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");

        Assert.Single((await (await manager.GetAsync(SchedulesUrl(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.NoContent, (await manager.SendRawAsync(HttpMethod.Delete, url, ifMatch: "\"2\"")).StatusCode);
        await (await manager.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await manager.GetAsync($"{url}/runs", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Schedules_AreTheTenantsOwn_AndChangingThemNeedsReportsManage()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.Owner(tenant);
        var id = (await owner.CreateScheduleAsync(tenant, WeeklySoc2)).Prop("id");
        using var intruder = hub.Owner(other);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        foreach (var url in new[] { $"{SchedulesUrl(tenant)}/{id}", $"{SchedulesUrl(tenant)}/{id}/runs", SchedulesUrl(tenant) })
        {
            var refused = await intruder.GetAsync(url, Ct);
            Assert.True(refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{url}: {refused.StatusCode}");
        }
        await (await intruder.GetAsync($"{SchedulesUrl(other)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await auditor.GetAsync($"{SchedulesUrl(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await auditor.PostAsJsonAsync(SchedulesUrl(tenant), WeeklySoc2, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task ExportSchedules_AlsoNeedExportsManage()
    {
        var tenant = await hub.CreateTenantAsync();
        var (_, secret) = await hub.CreateApiKeyAsync(tenant, "reports.read", "reports.manage");
        using var reportsOnly = hub.WithApiKey(secret);
        using var owner = hub.Owner(tenant);
        var nightly = new { name = "Nightly controls", kind = "export", cron = "0 30 1 * * *", collection = "controls", format = "csv" };

        await (await reportsOnly.PostAsJsonAsync(SchedulesUrl(tenant), nightly, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "exports-manage-required");
        var report = await reportsOnly.CreateScheduleAsync(tenant, WeeklySoc2);
        await (await reportsOnly.PutJsonAsync($"{SchedulesUrl(tenant)}/{report.Prop("id")}", nightly, "\"1\"", Ct))
            .ExpectAsync(HttpStatusCode.Forbidden, "exports-manage-required");
        var export = await owner.CreateScheduleAsync(tenant, nightly);
        await (await reportsOnly.PutJsonAsync($"{SchedulesUrl(tenant)}/{export.Prop("id")}", WeeklySoc2, "\"1\"", Ct))
            .ExpectAsync(HttpStatusCode.Forbidden, "exports-manage-required");
        await (await reportsOnly.DeleteAsync($"{SchedulesUrl(tenant)}/{export.Prop("id")}", Ct)).ExpectAsync(HttpStatusCode.Forbidden, "exports-manage-required");

        var kinds = (await (await owner.GetAsync(SchedulesUrl(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray()
            .Select(schedule => schedule.Prop("kind")).Order(StringComparer.Ordinal);
        Assert.Equal(["Export", "Report"], kinds);
    }

    [Theory]
    [InlineData("csv,xml")]
    [InlineData("json, csv")]
    [InlineData(" csv")]
    [InlineData("3")]
    [InlineData("")]
    public void ExportFormat_IsOneFormatName_AsExportsParseIt(string format)
    {
        var refused = ReportScheduleValidator.Validate(Body(format), TimeSpan.FromHours(1), DateTimeOffset.UtcNow);

        Assert.False(refused.Succeeded, $"'{format}' was taken for {refused.Value?.Export?.Format}");
        Assert.Equal(["format"], refused.Failure.Errors!.Keys);
        Assert.Equal(ExportFormat.Xlsx, ReportScheduleValidator.Validate(Body("XLSX"), TimeSpan.FromHours(1), DateTimeOffset.UtcNow).Value!.Export!.Format);

        static ScheduleRequest Body(string format) => new("Export", "export", "0 0 6 * * *", true, null, format, "controls", null);
    }

    [Fact]
    public void MinimumInterval_IsJudgedOverTheComingOccurrences()
    {
        var now = new DateTimeOffset(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
        var hour = TimeSpan.FromHours(1);

        Assert.True(ReportScheduleValidator.Validate(Body("0 0 * * * *"), hour, now).Succeeded);
        Assert.True(ReportScheduleValidator.Validate(Body("0 6 * * 1-5"), hour, now).Succeeded);
        Assert.False(ReportScheduleValidator.Validate(Body("0 0,30 9 * * *"), hour, now).Succeeded);
        Assert.False(ReportScheduleValidator.Validate(Body("0 0 0 31 2 *"), hour, now).Succeeded);

        static ScheduleRequest Body(string cron) => new("Report", "report", cron, true, "gdpr", "html", null, null);
    }

    private static async Task<string> AssertFieldErrorAsync(HttpClient client, string tenant, object body, string field)
    {
        var problem = await (await client.PostAsJsonAsync(SchedulesUrl(tenant), body, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out var messages), $"No error for {field}: {problem}");
        return messages[0].GetString()!;
    }
}
