using System.Net;
using System.Net.Http.Json;
using System.Text;
using ClosedXML.Excel;
using DataGovernance.Records;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Records;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>Dry runs and their reports, de-duplication, rollback, mapping templates and the files to fill in.</summary>
public sealed class ImportLifecycleTests(HubFixture hub)
{
    private const string Controls =
        "code,title,status,frequency\r\n" +
        "AC-1,Access review,Operating,Quarterly\r\n" +
        "AC-2,Badge audit,sometimes,monthly\r\n" +
        "ac-1,Access review again,draft,\r\n" +
        "AC-3,Key rotation,draft,yearly\r\n";

    [Fact]
    public async Task DryRun_ReportsRowErrorsAndDuplicates_WithADownloadableReport_AndChangesNothing()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var existing = await owner.CreateIdAsync(tenant, "controls", new { code = "AC-3", title = "Old key rotation", status = "draft" });
        var before = await TenantState.CaptureAsync(hub, owner, tenant);

        var id = await owner.UploadIdAsync(tenant, "controls", Controls);
        var batch = await owner.ValidatedAsync(tenant, id, new { keyField = "code" });

        Assert.Equal((4, 1, 2, 1), (batch.Count("rows"), batch.Count("valid"), batch.Count("invalid"), batch.Count("duplicates")));
        Assert.Equal([(3L, "status", "unknown-value"), (4L, "code", "duplicate-key"), (5L, "frequency", "unknown-value")], batch.Errors());
        Assert.Equal(before, await TenantState.CaptureAsync(hub, owner, tenant));

        var link = await (await owner.GetAsync(ImportsUrl(tenant, $"/{id}/errors"), Ct)).ExpectAsync(HttpStatusCode.OK);
        using var anonymous = hub.Anonymous();
        var report = await anonymous.GetAsync(link.Prop("url"), Ct);
        Assert.Equal(HttpStatusCode.OK, report.StatusCode);
        var lines = (await report.Content.ReadAsStringAsync(Ct)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("row,column,code,message", lines[0]);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("3,status,unknown-value,", lines[1], StringComparison.Ordinal);

        await (await owner.PostAsJsonAsync(ImportsUrl(tenant, $"/{id}/commit"), new { }, Ct)).ExpectAsync(HttpStatusCode.Conflict, "import-has-errors");
        var committed = await owner.RunAsync(tenant, id, body: new { skipInvalidRows = true });
        Assert.Equal(("Committed", 1), (committed.Prop("status"), committed.Count("imported")));
        var codes = (await owner.RecordsAsync(tenant, "controls")).Select(control => control.GetProperty("data").Prop("code")).Order(StringComparer.Ordinal);
        Assert.Equal(["AC-1", "AC-3"], codes);
        Assert.Equal("Old key rotation", (await owner.GetRecordAsync(tenant, "controls", existing)).GetProperty("data").Prop("title"));
    }

    [Fact]
    public async Task Rollback_RemovesTheBatchsRecordsAtomically_AndIsRefusedOnceOneChanged()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var kept = await owner.CreateIdAsync(tenant, "controls", new { code = "KEEP", title = "Kept", status = "draft" });
        var first = await owner.ImportAsync(tenant, "controls", "code,title,status\r\nB-1,One,draft\r\nB-2,Two,draft\r\n");
        var second = await owner.ImportAsync(tenant, "controls", "code,title,status\r\nC-1,Three,draft\r\n");
        Assert.Equal(4, (await owner.RecordsAsync(tenant, "controls")).Count);

        var rolledBack = await owner.RunAsync(tenant, first.Prop("id"), "rollback");
        Assert.Equal("RolledBack", rolledBack.Prop("status"));
        var codes = (await owner.RecordsAsync(tenant, "controls")).Select(control => control.GetProperty("data").Prop("code")).Order(StringComparer.Ordinal);
        Assert.Equal(["C-1", "KEEP"], codes);
        var timeline = await owner.ReadAllPagesAsync($"/api/tenants/{tenant}/timeline?pageSize=200", Ct);
        Assert.Equal(2, timeline.Count(entry => entry.Prop("operation") == "Delete"));
        await owner.GetRecordAsync(tenant, "controls", kept);

        var changed = (await owner.RecordsAsync(tenant, "controls")).Single(control => control.GetProperty("data").Prop("code") == "C-1");
        await (await owner.PutJsonAsync(RecordApi.RecordUrl(tenant, "controls", changed.Prop("id")), new { code = "C-1", title = "Edited", status = "designed" }, "\"1\""))
            .ExpectAsync(HttpStatusCode.OK);
        await (await owner.PostAsync(ImportsUrl(tenant, $"/{second.Prop("id")}/rollback"), null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "import-records-changed");
        Assert.Equal("Edited", (await owner.GetRecordAsync(tenant, "controls", changed.Prop("id"))).GetProperty("data").Prop("title"));
        await (await owner.PostAsync(ImportsUrl(tenant, $"/{first.Prop("id")}/rollback"), null, Ct)).ExpectAsync(HttpStatusCode.Conflict, "import-not-committed");
    }

    [Fact]
    public async Task MappingTemplates_AreKeptPerTenant_AndMapLegacyColumnsAndValues()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var templatesUrl = ImportsUrl(tenant, "/mapping-templates");
        var body = new
        {
            name = "Legacy GRC tool",
            collection = "requirements",
            columns = new Dictionary<string, string> { ["Std"] = "framework", ["Clause"] = "reference", ["Text"] = "title", ["Progress"] = "status" },
            valueMaps = new Dictionary<string, Dictionary<string, string>> { ["status"] = new() { ["Done"] = "implemented", ["WIP"] = "in-progress" } },
            keyField = "reference",
        };
        var created = await owner.PostAsJsonAsync(templatesUrl, body with { }, Ct);
        var first = await created.ExpectAsync(HttpStatusCode.Created);
        // The version a replace may name in If-Match is handed out as the ETag, as for every versioned document.
        Assert.Equal("\"1\"", created.Headers.ETag?.Tag);
        var read = await owner.GetAsync($"{templatesUrl}/{first.Prop("id")}", Ct);
        await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("\"1\"", read.Headers.ETag?.Tag);
        var invalid = new { name = "Broken", collection = "requirements", columns = new Dictionary<string, string> { ["X"] = "nope" },
            valueMaps = new Dictionary<string, Dictionary<string, string>> { ["status"] = new() { ["Done"] = "finished" } } };
        var problem = await (await owner.PostAsJsonAsync(templatesUrl, invalid, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("columns.X", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("valueMaps.status.Done", out _));

        var template = Assert.Single((await (await owner.GetAsync(templatesUrl, Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        var templateId = template.Prop("id");
        var renamed = await (await owner.PutAsJsonAsync($"{templatesUrl}/{templateId}", body with { }, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, renamed.GetProperty("version").GetInt32());

        var id = await owner.UploadIdAsync(tenant, "requirements", "Std,Clause,Text,Progress\r\nSOC2,CC6.1,Logical access,Done\r\nISO27001,A.5.15,Access control,WIP\r\nsoc2,CC6.1,Duplicate,Done\r\n");
        var batch = await owner.ValidatedAsync(tenant, id, new { templateId });
        Assert.Equal((2, 1), (batch.Count("valid"), batch.Count("duplicates")));
        await owner.RunAsync(tenant, id);
        var statuses = (await owner.RecordsAsync(tenant, "requirements")).Select(r => r.GetProperty("data").Prop("status")).Order(StringComparer.Ordinal);
        Assert.Equal(["implemented", "in-progress"], statuses);

        await (await owner.DeleteAsync($"{templatesUrl}/{templateId}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await owner.GetAsync($"{templatesUrl}/{templateId}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Templates_HaveTheSchemasHeaders_AndXlsxOffersEnumValues()
    {
        var tenant = await hub.CreateTenantAsync();
        using var auditor = hub.TenantClient(tenant, DataGovernance.Security.Role.Auditor);
        var csv = await auditor.GetAsync(ImportsUrl(tenant, "/templates/requirements"), Ct);
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        var header = Encoding.UTF8.GetString(await csv.Content.ReadAsByteArrayAsync(Ct)).TrimStart('\uFEFF').TrimEnd();
        Assert.Equal("framework,reference,title,description,status,dueDate,controlIds,tags,owner", header);

        var xlsx = await auditor.GetAsync(ImportsUrl(tenant, "/templates/vendors?format=xlsx"), Ct);
        Assert.Equal(HttpStatusCode.OK, xlsx.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await xlsx.Content.ReadAsByteArrayAsync(Ct)));
        var sheet = workbook.Worksheet("Vendor");
        var fields = Collections.Find("vendors")!.Fields.Where(field => field.Type != FieldType.CustomFields).Select(field => field.Name);
        Assert.Equal(fields, sheet.Row(1).CellsUsed().Select(cell => cell.GetString()));
        Assert.Contains(sheet.DataValidations, validation => validation.AllowedValues == XLAllowedValues.List && validation.Ranges.Any(range => range.FirstCell().Address.ColumnNumber == 3));
        await (await auditor.GetAsync(ImportsUrl(tenant, "/templates/unicorns"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");

        // The template, filled in, imports.
        using var owner = hub.Owner(tenant);
        var filled = Workbooks.Create(["name", "country", "status", "criticality"], ["Acme", "fr", "Active", "HIGH"]);
        var id = (await (await owner.UploadAsync(tenant, "vendors", filled, Xlsx, "vendors.xlsx")).ExpectAsync(HttpStatusCode.Created)).Prop("id");
        Assert.Equal(1, (await owner.ValidatedAsync(tenant, id)).Count("valid"));
    }
}
