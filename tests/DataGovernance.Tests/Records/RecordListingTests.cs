using System.Net;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Records;

/// <summary>Paging and filtering of a collection's records.</summary>
public sealed class RecordListingTests(HubFixture hub)
{
    [Fact]
    public async Task Listing_PagedByTen_ReturnsEveryRecordOnce_InPagesOfTenTenAndFive()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var created = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            created.Add(await client.CreateIdAsync(tenant, "controls", new { code = $"C-{i:D2}", title = $"Control {i:D2}", status = "draft" }));
        }
        await client.CreateAsync(tenant, "risks", new { title = "Not a control", status = "identified", likelihood = 1, impact = 1 });

        var pageSizes = new List<int>();
        var seen = new List<string>();
        string? token = null;
        do
        {
            var tokenPart = token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token);
            var (items, next) = await client.PageAsync($"{CollectionUrl(tenant, "controls")}?pageSize=10{tokenPart}");
            pageSizes.Add(items.Count);
            seen.AddRange(items.Select(Id));
            Assert.All(items, item => Assert.Equal("controls", item.GetProperty("collection").GetString()));
            token = next;
        }
        while (token is not null && pageSizes.Count < 10);

        Assert.Null(token);
        Assert.Equal([10, 10, 5], pageSizes);
        Assert.Equal(25, seen.Distinct().Count());
        Assert.Equal(created.Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Listing_WithoutPageSize_ReturnsUpToFiftyAndNoTokenWhenAllFit()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        for (var i = 0; i < 3; i++)
        {
            await client.CreateAsync(tenant, "controls", ValidControl);
        }

        var (items, token) = await client.PageAsync(CollectionUrl(tenant, "controls"));

        Assert.Equal(3, items.Count);
        Assert.Null(token);
    }

    [Fact]
    public async Task Listing_FilteredByStatus_ReturnsExactlyTheRecordsWithThatStatus()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var implemented = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var status = i % 3 == 0 ? "implemented" : "draft";
            var id = await client.CreateIdAsync(tenant, "controls", new { code = $"C-{i}", title = "Control", status });
            if (status == "implemented")
            {
                implemented.Add(id);
            }
        }
        var replaced = await client.CreateIdAsync(tenant, "controls", new { code = "C-9", title = "Control", status = "implemented" });
        await (await client.PutJsonAsync(RecordUrl(tenant, "controls", replaced), new { code = "C-9", title = "Control", status = "retired" }, "\"1\""))
            .ExpectAsync(HttpStatusCode.OK);

        var items = await client.ListAllAsync(CollectionUrl(tenant, "controls"), "status=implemented");
        var retired = await client.ListAllAsync(CollectionUrl(tenant, "controls"), "status=retired");
        var operating = await client.ListAllAsync(CollectionUrl(tenant, "controls"), "status=operating");

        Assert.Equal(implemented.Order(StringComparer.Ordinal), items.Select(Id).Order(StringComparer.Ordinal));
        Assert.Equal([replaced], retired.Select(Id));
        Assert.Empty(operating);
    }

    [Fact]
    public async Task Listing_FilteredByOwner_ReturnsExactlyThatOwnersRecords()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var carol = new List<string>();
        foreach (var owner in new[] { "carol", "dave", "carol", "Carol", "carol " })
        {
            var id = await client.CreateIdAsync(tenant, "controls", new { code = "C-1", title = "Control", status = "draft", owner });
            if (owner == "carol")
            {
                carol.Add(id);
            }
        }
        await client.CreateAsync(tenant, "controls", new { code = "C-2", title = "Unowned", status = "draft" });

        var items = await client.ListAllAsync(CollectionUrl(tenant, "controls"), "owner=carol");

        Assert.Equal(carol.Order(StringComparer.Ordinal), items.Select(Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Listing_FilteredByUpdatedSince_ReturnsExactlyTheRecordsChangedFromThatInstantOn()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            ids.Add(await client.CreateIdAsync(tenant, "controls", new { code = $"C-{i}", title = "Control", status = "draft" }));
        }
        var lastCreated = (await client.GetRecordAsync(tenant, "controls", ids[^1])).GetProperty("updatedAt").GetDateTimeOffset();
        await Task.Delay(20, Ct);
        var now = DateTimeOffset.UtcNow;
        var since = now.AddTicks(-(now.Ticks % TimeSpan.TicksPerMillisecond));
        Assert.True(since > lastCreated);

        var changed = new List<string> { ids[1], ids[4] };
        foreach (var id in changed)
        {
            var updated = await (await client.PutJsonAsync(RecordUrl(tenant, "controls", id), new { code = "C-x", title = "Changed", status = "designed" }, "\"1\""))
                .ExpectAsync(HttpStatusCode.OK);
            Assert.True(updated.GetProperty("updatedAt").GetDateTimeOffset() >= since);
        }
        changed.Add(await client.CreateIdAsync(tenant, "controls", new { code = "C-new", title = "New", status = "draft" }));

        var items = await client.ListAllAsync(CollectionUrl(tenant, "controls"), "updatedSince=" + Escape(since));
        var sinceInBerlin = await client.ListAllAsync(CollectionUrl(tenant, "controls"), "updatedSince=" + Escape(since.ToOffset(TimeSpan.FromHours(2))));
        var everything = await client.ListAllAsync(CollectionUrl(tenant, "controls"), "updatedSince=" + Escape(since.AddHours(-1)));
        var nothing = await client.ListAllAsync(CollectionUrl(tenant, "controls"), "updatedSince=" + Escape(DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Equal(changed.Order(StringComparer.Ordinal), items.Select(Id).Order(StringComparer.Ordinal));
        Assert.Equal(changed.Order(StringComparer.Ordinal), sinceInBerlin.Select(Id).Order(StringComparer.Ordinal));
        Assert.Equal(7, everything.Count);
        Assert.Empty(nothing);
    }

    [Fact]
    public async Task Listing_NeverShowsAnotherTenantsRecords()
    {
        var tenantA = await hub.CreateTenantAsync();
        var tenantB = await hub.CreateTenantAsync();
        using var clientA = hub.TenantClient(tenantA, Role.ComplianceManager);
        using var clientB = hub.TenantClient(tenantB, Role.Owner);
        var idA = await clientA.CreateIdAsync(tenantA, "controls", ValidControl);
        var idsB = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            idsB.Add(await clientB.CreateIdAsync(tenantB, "controls", ValidControl));
        }

        var listedA = await clientA.ListAllAsync(CollectionUrl(tenantA, "controls"), "owner=alice&status=implemented");
        var listedB = await clientB.ListAllAsync(CollectionUrl(tenantB, "controls"));

        Assert.Equal([idA], listedA.Select(Id));
        Assert.Equal(idsB.Order(StringComparer.Ordinal), listedB.Select(Id).Order(StringComparer.Ordinal));
        await (await clientB.GetAsync(CollectionUrl(tenantA, "controls"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await clientB.GetAsync(RecordUrl(tenantA, "controls", idA), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await clientA.GetAsync(RecordUrl(tenantA, "controls", idsB[0]), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    private static string Id(JsonElement record) => record.GetProperty("id").GetString()!;
}
