using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Azure.Data.Tables;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Records;

/// <summary>The change log under concurrency, against the raw table, and across tenants.</summary>
public sealed class ChangeLogTests(HubFixture hub)
{
    [Fact]
    public async Task ConcurrentCreates_AllSucceed_AndGetGapFreeUniqueSequences()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        string[] collections = ["controls", "risks", "evidence"];
        var documents = new Dictionary<string, Func<int, object>>
        {
            ["controls"] = i => new { code = $"C-{i}", title = $"Control {i}", status = "draft" },
            ["risks"] = i => new { title = $"Risk {i}", status = "identified", likelihood = 1 + (i % 5), impact = 2 },
            ["evidence"] = i => new { title = $"Evidence {i}", status = "pending", collectedOn = "2026-02-01" },
        };

        var writes = Enumerable.Range(0, 30).Select(async i =>
        {
            var collection = collections[i % collections.Length];
            var response = await client.PostAsJsonAsync(CollectionUrl(tenant, collection), documents[collection](i), Ct);
            var body = await response.ExpectAsync(HttpStatusCode.Created);
            return (Collection: collection, Id: body.GetProperty("id").GetString()!);
        });
        var created = await Task.WhenAll(writes);

        var timeline = await client.TimelineAsync(tenant);
        Assert.Equal(30, timeline.Count);
        Assert.Equal(Enumerable.Range(1, 30).Reverse().Select(i => (long)i), timeline.Select(e => e.GetProperty("sequence").GetInt64()));
        Assert.All(timeline, e => Assert.Equal("Create", e.GetProperty("operation").GetString()));
        Assert.Equal(
            created.Select(c => $"{c.Collection}/{c.Id}").Order(StringComparer.Ordinal),
            timeline.Select(e => $"{e.GetProperty("collection").GetString()}/{e.GetProperty("recordId").GetString()}").Order(StringComparer.Ordinal));
        AssertStorageConsistent(tenant);
    }

    [Fact]
    public async Task ConcurrentReplacesWithTheSameIfMatch_ExactlyOneWins_AndTheRestGet412()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var id = await client.CreateIdAsync(tenant, "controls", ValidControl);
        var url = RecordUrl(tenant, "controls", id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            client.PutJsonAsync(url, new { code = "AC-01", title = $"Writer {i}", status = "operating" }, "\"1\"")));

        var winners = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        var winner = Assert.Single(winners);
        var winnerTitle = (await winner.ExpectAsync(HttpStatusCode.OK)).GetProperty("data").GetProperty("title").GetString();
        foreach (var loser in responses.Except(winners))
        {
            await loser.ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        }
        var record = await client.GetRecordAsync(tenant, "controls", id);
        Assert.Equal(2, record.GetProperty("version").GetInt64());
        Assert.Equal(winnerTitle, record.GetProperty("data").GetProperty("title").GetString());

        var timeline = await client.TimelineAsync(tenant);
        Assert.Equal(["Update", "Create"], timeline.Select(e => e.GetProperty("operation").GetString()));
        Assert.Equal(winnerTitle, timeline[0].GetProperty("after").GetProperty("title").GetString());
        AssertStorageConsistent(tenant);
    }

    [Fact]
    public async Task EveryStoredRecord_HasItsChangeEntry_AndTheHeadCountsEveryChange()
    {
        var tenant = await hub.CreateTenantAsync();
        using var client = hub.TenantClient(tenant, Role.ComplianceManager);
        var controls = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            controls.Add(await client.CreateIdAsync(tenant, "controls", new { code = $"C-{i}", title = "Control", status = "draft" }));
        }
        var risk = await client.CreateIdAsync(tenant, "risks", new { title = "Risk", status = "identified", likelihood = 2, impact = 2 });
        await (await client.PutJsonAsync(RecordUrl(tenant, "controls", controls[0]), new { code = "C-0", title = "v2", status = "designed" }, "\"1\"")).ExpectAsync(HttpStatusCode.OK);
        await (await client.PutJsonAsync(RecordUrl(tenant, "controls", controls[0]), new { code = "C-0", title = "v3", status = "implemented" }, "\"2\"")).ExpectAsync(HttpStatusCode.OK);
        await (await client.DeleteAsync(RecordUrl(tenant, "controls", controls[1]), Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await client.PutJsonAsync(RecordUrl(tenant, "risks", risk), new { title = "Risk", status = "closed", likelihood = 1, impact = 1 }, "*")).ExpectAsync(HttpStatusCode.OK);
        await Task.WhenAll(controls.Skip(2).Select(async id =>
            await (await client.PutJsonAsync(RecordUrl(tenant, "controls", id), new { code = "C-n", title = "Parallel", status = "operating" }, "\"1\"")).ExpectAsync(HttpStatusCode.OK)));

        var (records, changes, head) = AssertStorageConsistent(tenant);

        Assert.Equal(5, records.Count);
        Assert.Equal(6 + 2 + 1 + 1 + 3, changes.Count);
        Assert.Equal(changes.Count, head.GetInt64("LastSequence"));
        var deleted = changes.Where(c => c.GetString("RecordId") == controls[1]).OrderBy(c => c.GetInt64("Sequence")).ToList();
        Assert.Equal(["Create", "Delete"], deleted.Select(c => c.GetString("Operation")));
        Assert.DoesNotContain(records, r => r.RowKey.EndsWith(controls[1], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Timeline_OfOneTenant_NeverShowsAnotherTenantsChanges()
    {
        var tenantA = await hub.CreateTenantAsync();
        var tenantB = await hub.CreateTenantAsync();
        using var clientA = hub.TenantClient(tenantA, Role.ComplianceManager);
        using var ownerB = hub.TenantClient(tenantB, Role.Owner);
        var idsA = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            idsA.Add(await clientA.CreateIdAsync(tenantA, "controls", ValidControl));
        }
        var idB = await ownerB.CreateIdAsync(tenantB, "controls", ValidControl);

        var timelineB = await ownerB.TimelineAsync(tenantB);
        var timelineA = await clientA.TimelineAsync(tenantA);

        Assert.Equal([idB], timelineB.Select(e => e.GetProperty("recordId").GetString()));
        Assert.Equal(1, timelineB[0].GetProperty("sequence").GetInt64());
        Assert.Equal(idsA.AsEnumerable().Reverse(), timelineA.Select(e => e.GetProperty("recordId").GetString()!));
        await (await ownerB.GetAsync(TimelineUrl(tenantA), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await ownerB.GetAsync($"{TimelineUrl(tenantA)}?actor=user:user-compliancemanager", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    /// <summary>
    /// Reads the tenant's partition and checks that it holds only record, change and head rows; that the change
    /// sequences run 1..head without gaps under their newest-first keys; that records live in the head's generation
    /// (<c>r:{generation}:{collection}:{id}</c>); and that every record row's current
    /// version has its change entry.
    /// </summary>
    private (List<TableEntity> Records, List<TableEntity> Changes, TableEntity Head) AssertStorageConsistent(string tenant)
    {
        var rows = hub.RawRows(tenant);
        var records = rows.Where(r => r.RowKey.StartsWith("r:", StringComparison.Ordinal)).ToList();
        var changes = rows.Where(r => r.RowKey.StartsWith("c:", StringComparison.Ordinal)).ToList();
        var head = Assert.Single(rows, r => r.RowKey == "s:head");
        Assert.Equal(rows.Count, records.Count + changes.Count + 1);

        Assert.Equal(changes.Count, head.GetInt64("LastSequence"));
        var sequences = changes.Select(c => c.GetInt64("Sequence")!.Value).Order().ToList();
        Assert.Equal(Enumerable.Range(1, changes.Count).Select(i => (long)i), sequences);
        Assert.All(changes, c => Assert.Equal(
            "c:" + (long.MaxValue - c.GetInt64("Sequence")!.Value).ToString("D19", CultureInfo.InvariantCulture), c.RowKey));

        Assert.Equal(1, head.GetInt32("Generation"));
        foreach (var record in records)
        {
            var key = record.RowKey.Split(':');
            Assert.Equal(4, key.Length);
            Assert.Equal("000001", key[1]);
            var (collection, id, version) = (key[2], key[3], record.GetInt64("Version"));
            var latest = changes
                .Where(c => c.GetString("Collection") == collection && c.GetString("RecordId") == id)
                .MaxBy(c => c.GetInt64("Sequence"));
            Assert.NotNull(latest);
            Assert.Equal(version, latest.GetInt64("Version"));
            Assert.Equal(version == 1 ? "Create" : "Update", latest.GetString("Operation"));
            Assert.True(JsonElement.DeepEquals(
                JsonSerializer.Deserialize<JsonElement>(record.GetString("Data")),
                JsonSerializer.Deserialize<JsonElement>(latest.GetString("After"))), $"{collection}/{id}: the log's last state differs from the record.");
        }
        return (records, changes, head);
    }
}
