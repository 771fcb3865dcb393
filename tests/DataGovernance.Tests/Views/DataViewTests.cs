using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Classification;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Exports.ExportApi;

namespace DataGovernance.Tests.Views;

/// <summary>Saved views: filter, fields and sort of a collection, kept per tenant under ETags, listed page by page and exported.</summary>
public sealed class DataViewTests(HubFixture hub)
{
    private static readonly string[] ReferenceAndDueDate = ["reference", "dueDate"];

    private static readonly object OpenRisks = new
    {
        name = "Open risks by impact",
        collection = "risks",
        filter = new object[]
        {
            new { field = "status", op = "in", value = new[] { "identified", "assessed" } },
            new { field = "likelihood", op = "gte", value = 2 },
            new { field = "title", op = "contains", value = "PAY" },
        },
        fields = new[] { "title", "impact" },
        sort = new object[] { new { field = "impact", descending = true } },
    };

    [Fact]
    public async Task View_IsKeptUnderItsETag_AndShowsFilteredSortedProjectedRecords_PageByPage()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        var expected = new List<(string Id, int Impact)>();
        for (var i = 0; i < 12; i++)
        {
            var impact = i % 5 + 1;
            var id = await owner.CreateAsync(tenant, "risks", new { title = $"Payroll error {i}", status = i % 3 == 0 ? "closed" : "identified", likelihood = i % 4 + 1, impact });
            if (i % 3 != 0 && i % 4 + 1 >= 2)
            {
                expected.Add((id, impact));
            }
        }
        await owner.CreateAsync(tenant, "risks", new { title = "Office fire", status = "identified", likelihood = 5, impact = 5 });

        var created = await owner.CreateViewAsync(tenant, OpenRisks);
        var viewId = created.Str("id");
        Assert.Equal((1, "risks"), (created.GetProperty("version").GetInt32(), created.Str("collection")));
        var rows = await owner.ReadAllPagesAsync($"{ViewsUrl(tenant)}/{viewId}/records?pageSize=2", Ct);

        var order = expected.OrderByDescending(item => item.Impact).ThenBy(item => item.Id, StringComparer.Ordinal).Select(item => item.Id);
        Assert.Equal(order, rows.Select(row => row.Str("id")));
        Assert.All(rows, row => Assert.Equal(["impact", "title"], row.GetProperty("fields").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)));

        var url = $"{ViewsUrl(tenant)}/{viewId}";
        var changed = new { name = "Everything in id order", collection = "risks", filter = Array.Empty<object>(), fields = Array.Empty<string>(), sort = Array.Empty<object>() };
        await (await owner.PutJsonAsync(url, changed, null, Ct)).ExpectAsync((HttpStatusCode)428, "if-match-required");
        var replaced = await (await owner.PutJsonAsync(url, changed, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, replaced.GetProperty("version").GetInt32());
        await (await owner.PutJsonAsync(url, changed, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        var all = await owner.ReadAllPagesAsync($"{url}/records?pageSize=5", Ct);
        Assert.Equal(13, all.Count);
        Assert.Equal(all.Select(row => row.Str("id")).Order(StringComparer.Ordinal), all.Select(row => row.Str("id")));

        Assert.Equal([viewId], (await owner.ReadAllPagesAsync(ViewsUrl(tenant), Ct)).Select(view => view.Str("id")));
        await (await owner.DeleteAsync(url, Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await owner.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task SortedView_ExportsInItsOrder_WithItsFields()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        foreach (var (code, due) in new[] { ("R-1", "2026-03-01"), ("R-2", "2025-12-31"), ("R-3", "2026-01-15"), ("R-4", (string?)null) })
        {
            await owner.CreateAsync(tenant, "requirements", new { framework = "gdpr", reference = code, title = $"Req {code}", status = "in-progress", dueDate = due });
        }
        var view = await owner.CreateViewAsync(tenant, new
        {
            name = "Due first", collection = "requirements", filter = new[] { new { field = "framework", op = "eq", value = "gdpr" } },
            fields = ReferenceAndDueDate, sort = new[] { new { field = "dueDate" } },
        });

        var (job, file, _) = await hub.ExportAsync(owner, tenant, new { viewId = view.Str("id"), format = "ndjson" });

        var lines = System.Text.Encoding.UTF8.GetString(file).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement).ToList();
        Assert.Equal(["R-4", "R-2", "R-3", "R-1"], lines.Select(line => line.Str("reference")));
        Assert.All(lines, line => Assert.False(line.TryGetProperty("title", out _)));
        Assert.Equal(("requirements", 4), (job.Str("collection"), job.GetProperty("recordCount").GetInt32()));
    }

    [Fact]
    public async Task InvalidViews_AreRefusedWithStableCodes_AndTokensOfAnotherVersionAreRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.Owner(tenant);
        async Task<JsonElement> Refused(object body, string code) =>
            await (await owner.PostAsJsonAsync(ViewsUrl(tenant), body, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, code);
        object View(string collection = "risks", object[]? filter = null, string[]? fields = null, object[]? sort = null) =>
            new { name = "v", collection, filter = filter ?? [], fields = fields ?? [], sort = sort ?? [] };

        await Refused(View(collection: "contracts"), "unknown-collection");
        var unknown = await Refused(View(filter: [new { field = "salary", op = "eq", value = 1 }], fields: ["bonus"], sort: [new { field = "grade" }]), "unknown-field");
        Assert.Equal(["fields", "filter[0].field", "sort[0].field"], unknown.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        var invalid = await Refused(View(filter:
        [
            new { field = "title", op = "gt", value = "a" },
            new { field = "likelihood", op = "eq", value = "high" },
            new { field = "status", op = "in", value = "identified" },
            new { field = "createdAt", op = "lt", value = "yesterday" },
            new { field = "controlIds", op = "eq", value = "c-1" },
            new { field = "likelihood", op = "like", value = 1 },
        ], sort: [new { field = "controlIds" }]), "validation-failed");
        Assert.Equal(["filter[0].op", "filter[1].value", "filter[2].value", "filter[3].value", "filter[4].op", "filter[5].op", "sort[0].field"],
            invalid.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        await (await owner.PostAsJsonAsync(ViewsUrl(tenant), new { collection = "risks" }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        for (var i = 0; i < 3; i++)
        {
            await owner.CreateAsync(tenant, "risks", new { title = $"Risk {i}", status = "identified", likelihood = 1, impact = 1 });
        }
        var view = await owner.CreateViewAsync(tenant, View(sort: [new { field = "title" }]));
        var first = await (await owner.GetAsync($"{ViewsUrl(tenant)}/{view.Str("id")}/records?pageSize=1", Ct)).ExpectAsync(HttpStatusCode.OK);
        var token = Uri.EscapeDataString(first.Str("continuationToken"));
        await (await owner.PutJsonAsync($"{ViewsUrl(tenant)}/{view.Str("id")}", View(), "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.GetAsync($"{ViewsUrl(tenant)}/{view.Str("id")}/records?continuationToken={token}", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-continuation-token");
        await (await owner.GetAsync($"{ViewsUrl(tenant)}/vw-missing/records", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Views_AreTheTenantsOwn_AndNeedRecordPermissions()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.Owner(tenant);
        var view = await owner.CreateViewAsync(tenant, OpenRisks);
        var url = $"{ViewsUrl(tenant)}/{view.Str("id")}";
        using var intruder = hub.Owner(other);

        await (await intruder.GetAsync($"{ViewsUrl(other)}/{view.Str("id")}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync($"{ViewsUrl(other)}/{view.Str("id")}/records", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        foreach (var request in new Func<Task<HttpResponseMessage>>[]
        {
            () => intruder.GetAsync(url, Ct), () => intruder.GetAsync($"{url}/records", Ct), () => intruder.GetAsync(ViewsUrl(tenant), Ct),
            () => intruder.PutJsonAsync(url, OpenRisks, "\"1\"", Ct), () => intruder.DeleteAsync(url, Ct), () => intruder.PostAsJsonAsync(ViewsUrl(tenant), OpenRisks, Ct),
        })
        {
            Assert.Contains((await request()).StatusCode, Refusals);
        }
        await (await owner.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.OK);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        await (await auditor.GetAsync($"{url}/records", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await auditor.PostAsJsonAsync(ViewsUrl(tenant), OpenRisks, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }
}
