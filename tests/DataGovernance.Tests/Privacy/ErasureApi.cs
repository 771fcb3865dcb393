using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Routes, records and steps the erasure and access package tests share.</summary>
public static class ErasureApi
{
    public const string SubjectEmail = "jane.doe@example.org";

    public const string SubjectPhone = "+44 20 7946 0958";

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    public static string Erasure(string tenant, string requestId) => $"{Request(tenant, requestId)}/erasure";

    public static string Package(string tenant, string requestId) => $"{Request(tenant, requestId)}/package";

    /// <summary>The subject's own people record: identifiers, personal details and a custom field.</summary>
    public static object SubjectPerson => new
    {
        fullName = "Jane Doe",
        email = SubjectEmail,
        phone = SubjectPhone,
        dateOfBirth = "1984-03-02",
        homeAddress = "1 High Street, London",
        department = "Finance",
        jobTitle = "Controller",
        status = "active",
        customFields = new { badge = "B-1234" },
    };

    /// <summary>The subject's records: their people record, a control they own, a risk whose text names them; and someone else.</summary>
    public static async Task<SubjectRecords> CreateSubjectRecordsAsync(this HttpClient client, string tenant)
    {
        var person = await client.CreateAsync(tenant, "people", SubjectPerson);
        var control = await client.CreateAsync(tenant, "controls", new { code = "AC-7", title = "Access reviews", status = "implemented", owner = SubjectEmail });
        var risk = await client.CreateAsync(tenant, "risks", new
        {
            title = "Payroll errors",
            description = $"Raised by {SubjectEmail} after the Q3 audit; call {SubjectPhone}.",
            status = "identified",
            likelihood = 2,
            impact = 3,
        });
        var other = await client.CreateAsync(tenant, "people", new { fullName = "Ada Lovelace", email = "ada@example.com", phone = "+49 30 901820", status = "active" });
        return new SubjectRecords(person, control, risk, other);
    }

    /// <summary>Waits until discovery finds every record of the subject (records are classified asynchronously).</summary>
    public static async Task DiscoveredAsync(this HttpClient client, string tenant, SubjectRecords records) =>
        await client.DiscoverWhenAsync(tenant, new { email = SubjectEmail, phone = SubjectPhone, name = "Jane Doe" },
            matches => matches.HasRecord("people", records.Person) && matches.HasRecord("controls", records.Control) && matches.HasRecord("risks", records.Risk),
            "the subject's three records discovered");

    public static async Task<JsonElement> StartErasureAsync(this HttpClient client, string tenant, string requestId) =>
        await (await client.PostAsJsonAsync(Erasure(tenant, requestId), new { }, Ct)).ExpectAsync(HttpStatusCode.Accepted);

    public static async Task<JsonElement> ApproveErasureAsync(this HttpClient client, string tenant, string requestId, bool approve = true) =>
        await (await client.PostAsJsonAsync($"{Erasure(tenant, requestId)}/approval", new { approve, comment = "Checked the plan." }, Ct))
            .ExpectAsync(HttpStatusCode.OK);

    /// <summary>Polls the erasure until it is in <paramref name="status"/>; fails early when it reaches another final state.</summary>
    public static async Task<JsonElement> ErasureInStatusAsync(this HttpClient client, string tenant, string requestId, string status)
    {
        JsonElement erasure = default;
        await Eventually.TrueAsync(async () =>
        {
            erasure = await (await client.GetAsync(Erasure(tenant, requestId), Ct)).ExpectAsync(HttpStatusCode.OK);
            var now = erasure.Prop("status");
            Assert.False(now != status && now is "Completed" or "Rejected" or "Expired",
                $"The erasure ended {now} ({(erasure.TryGetProperty("failureReason", out var reason) ? reason.GetString() : "")}), not {status}.");
            return now == status;
        }, Deadline, $"erasure of {requestId} {status} within {Deadline.TotalSeconds} s");
        return erasure;
    }

    public static JsonElement Item(this JsonElement erasure, string collection, string recordId) =>
        erasure.GetProperty("items").EnumerateArray().Single(item => item.Prop("collection") == collection && item.Prop("recordId") == recordId);

    public static async Task<JsonElement> RecordDataAsync(this HttpClient client, string tenant, string collection, string id) =>
        (await (await client.GetAsync($"/api/tenants/{tenant}/records/{collection}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("data");
}

public sealed record SubjectRecords(string Person, string Control, string Risk, string Other);
