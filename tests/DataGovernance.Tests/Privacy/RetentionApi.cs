using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Routes and small steps the legal hold and retention tests share.</summary>
public static class RetentionApi
{
    /// <summary>People are kept a year after they started (the test people all started long ago, or today).</summary>
    public static readonly object FormerStaff = new { name = "Former staff: 1 year", collection = "people", eventField = "startDate", keepDays = 365, action = "Delete" };

    public static string Holds(string tenant) => $"/api/tenants/{tenant}/privacy/legal-holds";

    public static string Policies(string tenant) => $"/api/tenants/{tenant}/privacy/retention-policies";

    public static string Runs(string tenant) => $"/api/tenants/{tenant}/privacy/retention-runs";

    public static string People(string tenant) => $"/api/tenants/{tenant}/records/people";

    /// <summary>Creates a person and returns the record id.</summary>
    public static async Task<string> CreatePersonAsync(
        this HttpClient client, string tenant, string email, string? startDate = null, string? phone = null, string? nationalId = null, string fullName = "Erika Mustermann") =>
        (await (await client.PostAsJsonAsync(People(tenant), new
        {
            fullName,
            email,
            status = "former",
            phone,
            nationalId,
            startDate,
            department = "Finance",
            homeAddress = "Hauptstr. 1, Berlin",
        }, Ct)).ExpectAsync(HttpStatusCode.Created)).Id();

    public static async Task<JsonElement> PlaceHoldAsync(this HttpClient client, string tenant, object hold) =>
        await (await client.PostAsJsonAsync(Holds(tenant), hold, Ct)).ExpectAsync(HttpStatusCode.Created);

    public static object RecordHold(string collection, string recordId, string reason = "Evidence in the Smith v. Contoso claim") =>
        new { collection, recordId, reason, matter = "CASE-2026-041" };

    public static object SubjectHold(object subject, string reason = "Pending employment tribunal") =>
        new { subject, reason, matter = "ET/1234/26" };

    public static async Task<string> CreatePolicyAsync(this HttpClient client, string tenant, object policy) =>
        (await (await client.PostAsJsonAsync(Policies(tenant), policy, Ct)).ExpectAsync(HttpStatusCode.Created)).Id();

    /// <summary>Starts a run through the API (202 with the run's location) and returns its id.</summary>
    public static async Task<string> StartRunAsync(this HttpClient client, string tenant, bool dryRun)
    {
        var response = await client.PostAsJsonAsync(Runs(tenant), new { dryRun }, Ct);
        var run = await response.ExpectAsync(HttpStatusCode.Accepted);
        Assert.Equal($"{Runs(tenant)}/{run.Id()}", response.Headers.Location?.ToString());
        Assert.Equal(("Running", dryRun), (run.Prop("status"), run.GetProperty("dryRun").GetBoolean()));
        return run.Id();
    }

    /// <summary>Polls the run until it has ended and returns it.</summary>
    public static async Task<JsonElement> WaitForRunAsync(this HttpClient client, string tenant, string runId)
    {
        JsonElement run = default;
        await Eventually.TrueAsync(async () =>
        {
            run = await (await client.GetAsync($"{Runs(tenant)}/{runId}", Ct)).ExpectAsync(HttpStatusCode.OK);
            return run.Prop("status") != "Running";
        }, TimeSpan.FromSeconds(60), $"Retention run {runId} did not end within 60 seconds.");
        return run;
    }

    /// <summary>Every item of a run, following the continuation tokens.</summary>
    public static async Task<List<JsonElement>> ItemsAsync(this HttpClient client, string tenant, string runId)
    {
        var items = new List<JsonElement>();
        string? token = null;
        do
        {
            var url = $"{Runs(tenant)}/{runId}/items" + (token is null ? "" : $"?continuationToken={Uri.EscapeDataString(token)}");
            var page = await (await client.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.OK);
            items.AddRange(page.GetProperty("items").EnumerateArray());
            token = page.TryGetProperty("continuationToken", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        return items;
    }

    public static int Total(this JsonElement run, string count) => run.GetProperty("totals").GetProperty(count).GetInt32();
}
