using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Privacy;
using DataGovernance.Records;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit;
using static DataGovernance.Tests.Backup.TimeTravelApi;
using static DataGovernance.Tests.Privacy.ErasureApi;
using static DataGovernance.Tests.Privacy.RetentionApi;
using static DataGovernance.Tests.Privacy.SubjectRequestApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>An erasure or a retention run leaves the erased data neither in the record's change log (timeline) nor in time travel.</summary>
public sealed class ChangeLogRedactionTests(HubFixture hub)
{
    private const string SubjectName = "Jane Doe";

    private static readonly string[] SubjectData = [SubjectEmail, SubjectName, SubjectPhone];

    [Fact]
    public async Task Erasure_RedactsEveryEntryOfTheErasedRecords_AndTimeTravelBeforeItShowsNoneOfTheData()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var records = await owner.CreateSubjectRecordsAsync(tenant);
        var person = await (await owner.GetAsync(RecordUrl(tenant, "people", records.Person), Ct)).ExpectAsync(HttpStatusCode.OK);
        var edited = JsonSerializer.Deserialize<Dictionary<string, object>>(person.GetProperty("data").GetRawText())!;
        edited["jobTitle"] = "Head of Finance";
        using (var update = new HttpRequestMessage(HttpMethod.Put, RecordUrl(tenant, "people", records.Person)) { Content = JsonContent.Create(edited) })
        {
            update.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
            await (await owner.SendAsync(update, Ct)).ExpectAsync(HttpStatusCode.OK);
        }
        await owner.DiscoveredAsync(tenant, records);
        // A restore point before the erasure: its snapshot still holds the data, so time travel must apply the ledger.
        await owner.BackUpOkAsync(tenant);
        var beforeErasure = await MomentAsync();
        var othersBefore = OfRecord(await TimelineAsync(owner, tenant), records.Other);
        var requestId = (await hub.VerifiedRequestAsync(dpo, tenant, "Erasure")).Id();

        await dpo.StartErasureAsync(tenant, requestId);
        await dpo.ErasureInStatusAsync(tenant, requestId, "AwaitingApproval");
        await dpo.ApproveErasureAsync(tenant, requestId);
        var pseudonym = (await dpo.ErasureInStatusAsync(tenant, requestId, "Completed")).Prop("pseudonym");

        var timeline = await TimelineAsync(owner, tenant);
        Assert.Equal(Enumerable.Range(1, timeline.Count).Select(n => (long)n).Reverse(), timeline.Select(entry => entry.GetProperty("sequence").GetInt64()));
        var personEntries = OfRecord(timeline, records.Person);
        Assert.Equal(["Update", "Update", "Create"], personEntries.Select(entry => entry.Prop("operation")));
        Assert.Equal([3L, 2L, 1L], personEntries.Select(entry => entry.GetProperty("version").GetInt64()));
        Assert.Equal("Head of Finance", personEntries[1].GetProperty("after").Prop("jobTitle"));
        Assert.Equal(pseudonym, personEntries[2].GetProperty("after").Prop("fullName"));
        foreach (var id in new[] { records.Person, records.Control, records.Risk })
        {
            AssertHoldsNone(OfRecord(timeline, id), SubjectData);
        }
        Assert.Equal(Texts(othersBefore), Texts(OfRecord(timeline, records.Other)));
        Assert.Contains("ada@example.com", Strings(OfRecord(timeline, records.Other)[0]));

        var then = await (await owner.GetAsync(RecordAtUrl(tenant, "people", records.Person, beforeErasure), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, then.GetProperty("record").GetProperty("version").GetInt64());
        Assert.True(then.TryGetProperty("restorePoint", out _), $"Rebuilt without the restore point: {then}");
        AssertHoldsNone([then], SubjectData);
        var people = await owner.RecordsAtAsync(CollectionAtUrl(tenant, "people", beforeErasure));
        AssertHoldsNone(people, SubjectData);
        Assert.Contains(people, record => record.GetProperty("data").Prop("email") == "ada@example.com");
        AssertHoldsNone(await owner.RecordsAtAsync(TenantAtUrl(tenant, beforeErasure)), SubjectData);
        AssertHoldsNone([await (await owner.GetAsync(DiffUrl(tenant, beforeErasure), Ct)).ExpectAsync(HttpStatusCode.OK)], SubjectData);

        // Redacting again rewrites nothing and leaves the timeline as it is.
        var ledger = hub.App.Services.GetRequiredService<ErasureLedgerStore>();
        var changeLog = hub.App.Services.GetRequiredService<ChangeLogStore>();
        foreach (var (collection, id) in new[] { ("people", records.Person), ("controls", records.Control), ("risks", records.Risk) })
        {
            var entry = await ledger.GetAsync(tenant, collection, id, requestId, Ct);
            Assert.NotNull(entry);
            Assert.Equal(0, await changeLog.RedactAsync(tenant, [entry], Ct));
        }
        Assert.Equal(Texts(timeline), Texts(await TimelineAsync(owner, tenant)));
    }

    [Fact]
    public async Task RetentionDelete_EmptiesTheDeletedRecordsEntries_KeepsTheirBookkeeping_AndTimeTravelNoLongerShowsIt()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        using var owner = hub.Owner(tenant);
        var former = await dpo.CreatePersonAsync(tenant, "erika@contoso.example", "2019-03-15", phone: "+49 30 1234567");
        var recent = await dpo.CreatePersonAsync(tenant, "new@contoso.example", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        var beforeRun = await MomentAsync();
        var recentBefore = OfRecord(await TimelineAsync(owner, tenant), recent);
        await dpo.CreatePolicyAsync(tenant, FormerStaff);

        var run = await dpo.WaitForRunAsync(tenant, await dpo.StartRunAsync(tenant, dryRun: false));

        Assert.Equal(("Succeeded", 1), (run.Prop("status"), run.Total("deleted")));
        var timeline = await TimelineAsync(owner, tenant);
        var entries = OfRecord(timeline, former);
        Assert.Equal(["Delete", "Create"], entries.Select(entry => entry.Prop("operation")));
        Assert.Equal("system:retention", entries[0].Prop("actor"));
        Assert.Equal(JsonValueKind.Null, ValueKind(entries[1], "before"));
        Assert.Equal(JsonValueKind.Null, ValueKind(entries[0], "after"));
        AssertHoldsNone(entries, ["erika@contoso.example", "Erika Mustermann", "+49 30 1234567", "Hauptstr. 1, Berlin"]);
        Assert.Equal(Texts(recentBefore), Texts(OfRecord(timeline, recent)));

        await (await owner.GetAsync(RecordAtUrl(tenant, "people", former, beforeRun), Ct)).ExpectAsync(HttpStatusCode.NotFound, "record-not-found-at-time");
        var people = await owner.RecordsAtAsync(CollectionAtUrl(tenant, "people", beforeRun));
        Assert.Equal([recent], people.Select(record => record.Prop("id")));
    }

    private static string RecordUrl(string tenant, string collection, string id) => $"/api/tenants/{tenant}/records/{collection}/{id}";

    private static async Task<List<JsonElement>> TimelineAsync(HttpClient client, string tenant)
    {
        var body = await (await client.GetAsync($"/api/tenants/{tenant}/timeline?pageSize=200", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(JsonValueKind.Null, body.TryGetProperty("continuationToken", out var token) ? token.ValueKind : JsonValueKind.Null);
        return [.. body.GetProperty("items").EnumerateArray()];
    }

    private static List<JsonElement> OfRecord(List<JsonElement> timeline, string recordId) =>
        [.. timeline.Where(entry => entry.Prop("recordId") == recordId)];

    private static JsonValueKind ValueKind(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out var value) ? value.ValueKind : JsonValueKind.Null;

    private static List<string> Texts(IEnumerable<JsonElement> entries) => [.. entries.Select(entry => entry.GetRawText())];

    /// <summary>Every string value in the element, unescaped, one per line.</summary>
    private static string Strings(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => string.Join('\n', element.EnumerateObject().Select(property => Strings(property.Value))),
        JsonValueKind.Array => string.Join('\n', element.EnumerateArray().Select(Strings)),
        JsonValueKind.String => element.GetString()!,
        _ => "",
    };

    private static void AssertHoldsNone(IEnumerable<JsonElement> elements, IEnumerable<string> personalData)
    {
        foreach (var element in elements)
        {
            var text = Strings(element);
            foreach (var value in personalData)
            {
                Assert.False(text.Contains(value, StringComparison.OrdinalIgnoreCase), $"'{value}' is still in {element}");
            }
        }
    }
}
