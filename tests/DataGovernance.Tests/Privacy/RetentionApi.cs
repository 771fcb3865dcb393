using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Tests.Infrastructure;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Routes and small steps the legal hold and retention tests share.</summary>
public static class RetentionApi
{
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
}
