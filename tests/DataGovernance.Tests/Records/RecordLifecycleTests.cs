using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;

namespace DataGovernance.Tests.Records;

public sealed class RecordLifecycleTests(HubFixture hub)
{
    private static readonly object Control = new { code = "AC-01", title = "Quarterly access review", status = "implemented", owner = "owner-1" };

    [Fact]
    public async Task Record_CanBeCreatedReadReplacedAndDeleted_WithEtagsAndChangeLog()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var ct = TestContext.Current.CancellationToken;

        var created = await client.PostAsJsonAsync($"/api/tenants/{tenant}/records/controls", Control, ct);
        var record = await created.ExpectAsync(HttpStatusCode.Created);
        var id = record.GetProperty("id").GetString()!;
        Assert.Equal("\"1\"", created.Headers.ETag!.Tag);
        Assert.Equal($"/api/tenants/{tenant}/records/controls/{id}", created.Headers.Location!.OriginalString);

        var read = await client.GetAsync($"/api/tenants/{tenant}/records/controls/{id}", ct);
        var readBody = await read.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal("Quarterly access review", readBody.GetProperty("data").GetProperty("title").GetString());

        using var replace = new HttpRequestMessage(HttpMethod.Put, $"/api/tenants/{tenant}/records/controls/{id}")
        {
            Content = JsonContent.Create(new { code = "AC-01", title = "Monthly access review", status = "operating" }),
        };
        replace.Headers.IfMatch.Add(new EntityTagHeaderValue("\"1\""));
        var replaced = await client.SendAsync(replace, ct);
        var replacedBody = await replaced.ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(2, replacedBody.GetProperty("version").GetInt64());
        Assert.Equal("\"2\"", replaced.Headers.ETag!.Tag);

        var deleted = await client.DeleteAsync($"/api/tenants/{tenant}/records/controls/{id}", ct);
        await deleted.ExpectAsync(HttpStatusCode.NoContent);
        var gone = await client.GetAsync($"/api/tenants/{tenant}/records/controls/{id}", ct);
        await gone.ExpectAsync(HttpStatusCode.NotFound, "not-found");

        var timeline = await (await client.GetAsync($"/api/tenants/{tenant}/timeline", ct)).ExpectAsync(HttpStatusCode.OK);
        var entries = timeline.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Delete", "Update", "Create"], entries.Select(e => e.GetProperty("operation").GetString()));
        Assert.Equal([3L, 2L, 1L], entries.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.Equal("Monthly access review", entries[1].GetProperty("after").GetProperty("title").GetString());
        Assert.Equal("Quarterly access review", entries[1].GetProperty("before").GetProperty("title").GetString());
        Assert.All(entries, e => Assert.Equal("user:user-compliancemanager", e.GetProperty("actor").GetString()));
    }
}
