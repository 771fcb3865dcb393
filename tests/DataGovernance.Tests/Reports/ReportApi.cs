using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using DataGovernance.Storage;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Records;
using Xunit;

namespace DataGovernance.Tests.Reports;

/// <summary>Calls of the report and schedule routes, and the records a report is built from, shared by the report tests.</summary>
internal static class ReportApi
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static DateOnly Today => DateOnly.FromDateTime(DateTime.UtcNow);

    public static string Day(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Report(string tenant, string framework, string? format = null) =>
        $"/api/tenants/{tenant}/reports/{framework}" + (format is null ? "" : $"?format={format}");

    public static string SchedulesUrl(string tenant) => $"/api/tenants/{tenant}/reports/schedules";

    public static Task<string> RequirementAsync(this HttpClient client, string tenant, string framework, string reference, string status,
        string title = "Requirement", string? description = null) =>
        client.CreateIdAsync(tenant, "requirements", description is null
            ? new { framework, reference, title, status }
            : new { framework, reference, title, status, description });

    public static Task<string> ControlAsync(this HttpClient client, string tenant, string code, string status, params string[] requirementIds) =>
        client.CreateIdAsync(tenant, "controls", new { code, title = $"Control {code}", status, requirementIds });

    public static Task<string> AssessmentAsync(this HttpClient client, string tenant, string controlId, string status, DateOnly performedOn) =>
        client.CreateIdAsync(tenant, "assessments", new { title = "Assessment", controlId, status, performedOn = Day(performedOn) });

    public static Task<string> EvidenceAsync(this HttpClient client, string tenant, string title, string status, DateOnly collectedOn, DateOnly? expiresOn,
        string[]? controlIds = null, string[]? requirementIds = null) =>
        client.CreateIdAsync(tenant, "evidence", expiresOn is { } expires
            ? new { title, status, collectedOn = Day(collectedOn), expiresOn = Day(expires), controlIds = controlIds ?? [], requirementIds = requirementIds ?? [] }
            : new { title, status, collectedOn = Day(collectedOn), controlIds = controlIds ?? [], requirementIds = requirementIds ?? [] });

    public static async Task<JsonElement> JsonReportAsync(this HttpClient client, string tenant, string framework) =>
        await (await client.GetAsync(Report(tenant, framework, "json"), Ct)).ExpectAsync(HttpStatusCode.OK);

    public static JsonElement Entry(this JsonElement report, string reference) =>
        report.GetProperty("entries").EnumerateArray().Single(entry => entry.GetProperty("reference").GetString() == reference);

    public static IReadOnlyList<string> GapCodes(this JsonElement entry) =>
        [.. entry.GetProperty("gaps").EnumerateArray().Select(gap => gap.GetProperty("code").GetString()!).Order(StringComparer.Ordinal)];

    public static async Task<JsonElement> CreateScheduleAsync(this HttpClient client, string tenant, object body) =>
        await (await client.PostAsJsonAsync(SchedulesUrl(tenant), body, Ct)).ExpectAsync(HttpStatusCode.Created);

    /// <summary>
    /// The notification of one run, read off the shared queue: messages of other runs are left for their own readers
    /// (they reappear after a second), this run's message is deleted once read.
    /// </summary>
    public static async Task<JsonElement> NotificationAsync(this HubFixture hub, string tenant, string runId, TimeSpan? wait = null)
    {
        var queue = new QueueClient(hub.Primary.ConnectionString, StorageNames.NotificationsQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        var deadline = DateTimeOffset.UtcNow.Add(wait ?? TimeSpan.FromSeconds(60));
        while (DateTimeOffset.UtcNow < deadline)
        {
            QueueMessage[] messages = await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1), Ct);
            foreach (var message in messages)
            {
                var notification = JsonDocument.Parse(message.Body.ToString()).RootElement;
                var data = notification.GetProperty("data");
                if (data.GetProperty("tenantId").GetString() == tenant && data.GetProperty("runId").GetString() == runId)
                {
                    await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, Ct);
                    return notification;
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(300), Ct);
        }
        throw new TimeoutException($"No notification of run {runId} of tenant {tenant} arrived.");
    }
}
