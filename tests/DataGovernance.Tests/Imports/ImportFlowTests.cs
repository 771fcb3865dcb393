using System.Net;
using System.Net.Http.Json;
using System.Text;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>The import hub end to end through the API: upload, suggested mapping, dry run, commit, rollback.</summary>
public sealed class ImportFlowTests(HubFixture hub)
{
    private const string People =
        "Full Name,E-Mail,Phone Number,Department,State,Start Date,Country\r\n" +
        "  Ada Lovelace ,ADA@Example.COM,030 1234567,Research,Active,31.03.2024,de\r\n" +
        "\"Grace \"\"Amazing\"\" Hopper\",grace@example.com,+1 202 555 0143,\"Navy,\nResearch\",Contractor,2024-01-15,us\r\n" +
        "Alan Turing,alan@example.com,,Maths,on leave,15 Mar 2023,GB\r\n";

    [Fact]
    public async Task Csv_IsUploadedMappedValidatedAndCommitted_WithCleansedValues_AndChangeLogEntries()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);

        var uploaded = await (await owner.UploadAsync(tenant, "people", People)).ExpectAsync(HttpStatusCode.Created);
        Assert.Equal("Uploaded", uploaded.Prop("status"));
        Assert.Equal(["Full Name", "E-Mail", "Phone Number", "Department", "State", "Start Date", "Country"],
            uploaded.GetProperty("columns").EnumerateArray().Select(column => column.GetString()));
        var suggested = uploaded.GetProperty("suggestedMapping");
        Assert.Equal(("fullName", "email", "phone", "status", "startDate"),
            (suggested.Prop("Full Name"), suggested.Prop("E-Mail"), suggested.Prop("Phone Number"), suggested.Prop("State"), suggested.Prop("Start Date")));
        var id = uploaded.Prop("id");

        var validated = await owner.ValidatedAsync(tenant, id);
        Assert.Equal(("Validated", 3, 3, 0), (validated.Prop("status"), validated.Count("rows"), validated.Count("valid"), validated.Count("invalid")));
        Assert.Empty(await owner.RecordsAsync(tenant, "people"));

        var committed = await owner.RunAsync(tenant, id);
        Assert.Equal(("Committed", 3), (committed.Prop("status"), committed.Count("imported")));
        var people = (await owner.RecordsAsync(tenant, "people")).ToDictionary(person => person.GetProperty("data").Prop("email"));
        var ada = people["ada@example.com"].GetProperty("data");
        Assert.Equal(("Ada Lovelace", "+49301234567", "active", "2024-03-31", "DE"),
            (ada.Prop("fullName"), ada.Prop("phone"), ada.Prop("status"), ada.Prop("startDate"), ada.Prop("country")));
        var grace = people["grace@example.com"].GetProperty("data");
        Assert.Equal(("Grace \"Amazing\" Hopper", "Navy,\nResearch", "+12025550143", "contractor"),
            (grace.Prop("fullName"), grace.Prop("department"), grace.Prop("phone"), grace.Prop("status")));
        var alan = people["alan@example.com"].GetProperty("data");
        Assert.Equal(("on-leave", "2023-03-15"), (alan.Prop("status"), alan.Prop("startDate")));
        Assert.False(alan.TryGetProperty("phone", out _));

        var timeline = await owner.ReadAllPagesAsync($"/api/tenants/{tenant}/timeline?pageSize=200", Ct);
        Assert.Equal(3, timeline.Count(entry => entry.Prop("operation") == "Create" && entry.Prop("collection") == "people"));
        Assert.Equal(committed.GetProperty("lastSequence").GetInt64(), timeline.Max(entry => entry.GetProperty("sequence").GetInt64()));
    }

    [Fact]
    public async Task Json_And_Xlsx_Uploads_ImportLikeCsv()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var json = """[{"title":"Phishing","likelihood":4,"impact":"3","status":"Assessed","controlIds":["c1","c2"]},{"title":"Flood","likelihood":2,"impact":5,"status":"identified"}]""";
        var jsonId = (await (await owner.UploadAsync(tenant, "risks", Encoding.UTF8.GetBytes(json), Json, "risks.json")).ExpectAsync(HttpStatusCode.Created)).Prop("id");
        Assert.Equal(2, (await owner.ValidatedAsync(tenant, jsonId)).Count("valid"));
        Assert.Equal("Committed", (await owner.RunAsync(tenant, jsonId)).Prop("status"));
        var phishing = (await owner.RecordsAsync(tenant, "risks")).Single(risk => risk.GetProperty("data").Prop("title") == "Phishing").GetProperty("data");
        Assert.Equal((4, 3, "assessed", 2), (phishing.GetProperty("likelihood").GetInt32(), phishing.GetProperty("impact").GetInt32(), phishing.Prop("status"),
            phishing.GetProperty("controlIds").GetArrayLength()));

        var xlsx = Workbooks.Create(["title", "status", "performedOn", "score"],
            ["Access review", "Passed", new DateTime(2024, 5, 2), 87], ["Vendor review", "planned", null, null]);
        var xlsxId = (await (await owner.UploadAsync(tenant, "assessments", xlsx, Xlsx, "a.xlsx")).ExpectAsync(HttpStatusCode.Created)).Prop("id");
        Assert.Equal(2, (await owner.ValidatedAsync(tenant, xlsxId)).Count("valid"));
        Assert.Equal("Committed", (await owner.RunAsync(tenant, xlsxId)).Prop("status"));
        var review = (await owner.RecordsAsync(tenant, "assessments")).Single(a => a.GetProperty("data").Prop("title") == "Access review").GetProperty("data");
        Assert.Equal(("passed", "2024-05-02", 87), (review.Prop("status"), review.Prop("performedOn"), review.GetProperty("score").GetInt32()));
    }
}
