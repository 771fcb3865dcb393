using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DataGovernance.Records;
using DataGovernance.Security;
using Microsoft.Extensions.DependencyInjection;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Classification.DataClassificationApi;

namespace DataGovernance.Tests.Classification;

/// <summary>The tenant sensitivity map: collections × fields × categories × counts, added up from the results.</summary>
public sealed class SensitivityMapTests(HubFixture hub)
{
    [Fact]
    public async Task TheMap_CountsRecordsPerFieldAndCategory_WithTheHighestSensitivityPerField()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        await owner.CreateAsync(tenant, "people", Person());
        await owner.CreateAsync(tenant, "people", Person("Ada Lovelace", "ada@example.com", null, null));
        await owner.CreateAsync(tenant, "controls", new { code = "AC-01", title = "Quarterly access review", status = "implemented" });

        var map = await MapWhenAsync(auditor, tenant, m => m.GetProperty("recordsClassified").GetInt32() == 3, "all three records in the map");

        var people = Collection(map, "people");
        Assert.Equal((2, 2, "Restricted", false), (people.GetProperty("recordsClassified").GetInt32(), people.GetProperty("recordsWithPersonalData").GetInt32(),
            people.GetProperty("highestSensitivity").GetString(), people.GetProperty("specialCategoryData").GetBoolean()));
        var email = FieldOf(people, "email");
        Assert.Equal((2, "Confidential"), (email.GetProperty("records").GetInt32(), email.GetProperty("highestSensitivity").GetString()));
        var contact = Assert.Single(email.GetProperty("categories").EnumerateArray());
        Assert.Equal(("ContactDetails", 2), (contact.GetProperty("category").GetString(), contact.GetProperty("records").GetInt32()));
        var nationalId = FieldOf(people, "nationalId");
        Assert.Equal((1, "Restricted"), (nationalId.GetProperty("records").GetInt32(), nationalId.GetProperty("highestSensitivity").GetString()));
        var controls = Collection(map, "controls");
        Assert.Equal((1, 0, "Internal", 0), (controls.GetProperty("recordsClassified").GetInt32(), controls.GetProperty("recordsWithPersonalData").GetInt32(),
            controls.GetProperty("highestSensitivity").GetString(), controls.GetProperty("fields").GetArrayLength()));
        Assert.Empty(map.GetProperty("specialCategoriesFound").EnumerateArray());
    }

    [Fact]
    public async Task TheMap_OfAnotherTenant_IsRefused_AndAnEmptyTenantsMapIsEmpty()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var intruder = hub.TenantClient(other, Role.Owner);
        var refused = await intruder.GetAsync(Map(tenant), Ct);
        Assert.True(refused.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{refused.StatusCode}");
        var empty = await (await intruder.GetAsync(Map(other), Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((0, 0), (empty.GetProperty("recordsClassified").GetInt32(), empty.GetProperty("collections").GetArrayLength()));
    }

    /// <summary>Not a benchmark: records how long the scanned map takes for a tenant of some size, for docs/performance.md.</summary>
    [Fact]
    public async Task TheMap_OfAThousandPeople_IsReadInWellUnderASecond()
    {
        const int people = 1000;
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var records = hub.App.Services.GetRequiredService<RecordService>();
        var context = new WriteContext(Actor.System("test-seed"), "test-seed");
        foreach (var batch in Enumerable.Range(0, people).Chunk(RecordStore.MaxWritesPerCommit))
        {
            var documents = batch.Select(n => JsonSerializer.SerializeToElement(Person($"Person Number{n}", $"p{n}@example.com", null, null))).ToList();
            Assert.True((await records.CreateManyAsync(tenant, Collections.People, documents, context, Ct)).Succeeded);
        }
        await MapWhenAsync(owner, tenant, m => m.GetProperty("recordsClassified").GetInt32() == people, $"{people} people classified", TimeSpan.FromMinutes(3));

        var watch = Stopwatch.StartNew();
        var map = await (await owner.GetAsync(Map(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
        watch.Stop();
        Assert.Equal(people, FieldOf(Collection(map, "people"), "email").GetProperty("records").GetInt32());
        TestContext.Current.SendDiagnosticMessage($"map of {people} classified records read in {watch.ElapsedMilliseconds} ms");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1), $"The map took {watch.ElapsedMilliseconds} ms.");
    }

    private static async Task<JsonElement> MapWhenAsync(HttpClient client, string tenant, Func<JsonElement, bool> done, string what, TimeSpan? timeout = null)
    {
        JsonElement map = default;
        await Eventually.TrueAsync(async () => done(map = await (await client.GetAsync(Map(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)), timeout ?? Deadline, what);
        return map;
    }

    private static JsonElement Collection(JsonElement map, string name) =>
        map.GetProperty("collections").EnumerateArray().Single(collection => collection.GetProperty("collection").GetString() == name);

    private static JsonElement FieldOf(JsonElement collection, string name) =>
        collection.GetProperty("fields").EnumerateArray().Single(field => field.GetProperty("field").GetString() == name);
}
