using System.Net;
using System.Net.Http.Json;
using System.Text;
using DataGovernance.Security;
using DataGovernance.Tests.Backup;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Imports.ImportApi;

namespace DataGovernance.Tests.Imports;

/// <summary>Every import route refuses another tenant's credentials, and such a request changes nothing.</summary>
public sealed class ImportIsolationTests(HubFixture hub)
{
    [Fact]
    public async Task EveryImportRoute_WithAnotherTenantsOwnerToken_IsRefused_AndChangesNothing()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.Owner(tenant);
        var committed = await owner.ImportAsync(tenant, "controls", "code,title,status\r\nI-1,One,draft\r\n");
        var validated = await owner.UploadIdAsync(tenant, "controls", "code,title,status\r\nI-2,Two,draft\r\n");
        await owner.ValidatedAsync(tenant, validated);
        var template = (await (await owner.PostAsJsonAsync(ImportsUrl(tenant, "/mapping-templates"),
            new { name = "Mine", collection = "controls", columns = new Dictionary<string, string> { ["Ref"] = "code" } }, Ct)).ExpectAsync(HttpStatusCode.Created)).Prop("id");
        var before = await StateAsync(owner, tenant, [committed.Prop("id"), validated], template);

        using var intruder = hub.TenantClient(other, Role.Owner);
        var csv = new ByteArrayContent(Encoding.UTF8.GetBytes("code,title,status\r\nX,Y,draft\r\n"));
        csv.Headers.ContentType = new("text/csv");
        var attempts = new (string Route, Func<Task<HttpResponseMessage>> Send)[]
        {
            ("POST imports", () => intruder.PostAsync(ImportsUrl(tenant, "?collection=controls"), csv, Ct)),
            ("GET imports", () => intruder.GetAsync(ImportsUrl(tenant), Ct)),
            ("GET import", () => intruder.GetAsync(ImportsUrl(tenant, $"/{validated}"), Ct)),
            ("POST validate", () => intruder.PostAsJsonAsync(ImportsUrl(tenant, $"/{validated}/validate"), new { }, Ct)),
            ("GET errors", () => intruder.GetAsync(ImportsUrl(tenant, $"/{validated}/errors"), Ct)),
            ("POST commit", () => intruder.PostAsJsonAsync(ImportsUrl(tenant, $"/{validated}/commit"), new { }, Ct)),
            ("POST rollback", () => intruder.PostAsync(ImportsUrl(tenant, $"/{committed.Prop("id")}/rollback"), null, Ct)),
            ("GET template", () => intruder.GetAsync(ImportsUrl(tenant, "/templates/controls?format=xlsx"), Ct)),
            ("POST mapping template", () => intruder.PostAsJsonAsync(ImportsUrl(tenant, "/mapping-templates"), new { name = "X", collection = "controls" }, Ct)),
            ("GET mapping templates", () => intruder.GetAsync(ImportsUrl(tenant, "/mapping-templates"), Ct)),
            ("GET mapping template", () => intruder.GetAsync(ImportsUrl(tenant, $"/mapping-templates/{template}"), Ct)),
            ("PUT mapping template", () => intruder.PutAsJsonAsync(ImportsUrl(tenant, $"/mapping-templates/{template}"), new { name = "X", collection = "controls" }, Ct)),
            ("DELETE mapping template", () => intruder.DeleteAsync(ImportsUrl(tenant, $"/mapping-templates/{template}"), Ct)),
        };
        foreach (var (route, send) in attempts)
        {
            var response = await send();
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }
        // The other tenant's own ids lead nowhere either: its routes see only its own imports.
        await (await intruder.GetAsync(ImportsUrl(other, $"/{validated}"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PostAsync(ImportsUrl(other, $"/{committed.Prop("id")}/rollback"), null, Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync(ImportsUrl(other, $"/mapping-templates/{template}"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");

        Assert.Equal(before, await StateAsync(owner, tenant, [committed.Prop("id"), validated], template));
    }

    private static async Task<string> StateAsync(HttpClient owner, string tenant, string[] imports, string template)
    {
        var parts = new List<string>();
        foreach (var id in imports)
        {
            parts.Add((await owner.GetImportAsync(tenant, id)).GetRawText());
        }
        parts.Add((await (await owner.GetAsync(ImportsUrl(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetRawText());
        parts.Add((await (await owner.GetAsync(ImportsUrl(tenant, $"/mapping-templates/{template}"), Ct)).ExpectAsync(HttpStatusCode.OK)).GetRawText());
        parts.Add(string.Join(",", (await owner.RecordsAsync(tenant, "controls")).Select(record => record.GetRawText())));
        return string.Join("\n", parts);
    }
}
