using System.Net;
using System.Text.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Records.RecordApi;

namespace DataGovernance.Tests.Records;

/// <summary>Filter values that look like OData are compared as plain text: they never widen a query.</summary>
public sealed class RecordFilterInjectionTests(HubFixture hub)
{
    [Theory]
    [InlineData("alice' or PartitionKey ne 'x")]
    [InlineData("' or '1' eq '1")]
    [InlineData("alice' or Owner ne '")]
    [InlineData("alice\" or true or \"")]
    public async Task ListRecords_WithOwnerFilterLookingLikeOData_FindsNothing(string owner)
    {
        var (tenantA, tenantB) = await SeedTwoTenantsAsync();
        using var client = hub.TenantClient(tenantA, Role.ComplianceManager);

        var items = await client.ListAllAsync(CollectionUrl(tenantA, "controls"), "owner=" + Uri.EscapeDataString(owner));

        Assert.Empty(items);
        using var clientB = hub.TenantClient(tenantB, Role.ComplianceManager);
        Assert.Empty(await clientB.ListAllAsync(CollectionUrl(tenantB, "controls"), "owner=" + Uri.EscapeDataString(owner)));
    }

    [Theory]
    [InlineData("implemented' or 'a' eq 'a")]
    [InlineData("implemented' or PartitionKey ne '")]
    public async Task ListRecords_WithStatusFilterLookingLikeOData_Returns400InvalidFilter(string status)
    {
        var (tenantA, _) = await SeedTwoTenantsAsync();
        using var client = hub.TenantClient(tenantA, Role.ComplianceManager);
        var before = await TenantState.CaptureAsync(hub, client, tenantA);

        var response = await client.GetAsync($"{CollectionUrl(tenantA, "controls")}?status={Uri.EscapeDataString(status)}", Ct);

        var problem = await response.ExpectAsync(HttpStatusCode.BadRequest, "invalid-filter");
        Assert.NotEmpty(problem.FieldErrors("status"));
        Assert.Equal(before, await TenantState.CaptureAsync(hub, client, tenantA));
    }

    [Theory]
    [InlineData("actor", "x' or RowKey ne '")]
    [InlineData("actor", "user:user-compliancemanager' or Actor ne '")]
    public async Task Timeline_WithFilterLookingLikeOData_FindsNothing(string parameter, string value)
    {
        var (tenantA, _) = await SeedTwoTenantsAsync();
        using var client = hub.TenantClient(tenantA, Role.ComplianceManager);
        Assert.NotEmpty(await client.TimelineAsync(tenantA));

        var items = await client.TimelineAsync(tenantA, $"{parameter}={Uri.EscapeDataString(value)}");

        Assert.Empty(items);
    }

    [Fact]
    public async Task Timeline_WithCollectionFilterLookingLikeOData_Returns404UnknownCollection()
    {
        var (tenantA, _) = await SeedTwoTenantsAsync();
        using var client = hub.TenantClient(tenantA, Role.ComplianceManager);

        var response = await client.GetAsync($"{TimelineUrl(tenantA)}?collection={Uri.EscapeDataString("controls' or Collection ne '")}", Ct);

        await response.ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");
    }

    [Fact]
    public async Task OrdinaryFilters_ReturnExactlyTheTenantsMatchingRecords()
    {
        var (tenantA, tenantB) = await SeedTwoTenantsAsync();
        using var client = hub.TenantClient(tenantA, Role.ComplianceManager);
        var all = await client.ListAllAsync(CollectionUrl(tenantA, "controls"));
        var expected = all.Where(r => Owner(r) == "alice").Select(Id).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(2, expected.Count);

        var alice = await client.ListAllAsync(CollectionUrl(tenantA, "controls"), "owner=alice");
        var bob = await client.ListAllAsync(CollectionUrl(tenantA, "controls"), "owner=bob");
        var implemented = await client.ListAllAsync(CollectionUrl(tenantA, "controls"), "owner=alice&status=implemented");

        Assert.Equal(expected, alice.Select(Id).Order(StringComparer.Ordinal));
        Assert.Single(bob);
        Assert.Equal("bob", Owner(bob[0]));
        var single = Assert.Single(implemented);
        Assert.Equal("implemented", single.GetProperty("data").GetProperty("status").GetString());
        Assert.Equal("alice", Owner(single));

        using var clientB = hub.TenantClient(tenantB, Role.ComplianceManager);
        var idsOfB = (await clientB.ListAllAsync(CollectionUrl(tenantB, "controls"))).Select(Id).ToHashSet();
        Assert.Equal(2, idsOfB.Count);
        Assert.DoesNotContain(alice, r => idsOfB.Contains(Id(r)));
    }

    /// <summary>Tenant A: two controls of alice (implemented, draft) and one of bob; tenant B: two controls of alice.</summary>
    private async Task<(string TenantA, string TenantB)> SeedTwoTenantsAsync()
    {
        var tenantA = await hub.CreateTenantAsync();
        var tenantB = await hub.CreateTenantAsync();
        using var clientA = hub.TenantClient(tenantA, Role.ComplianceManager);
        using var clientB = hub.TenantClient(tenantB, Role.ComplianceManager);
        await clientA.CreateAsync(tenantA, "controls", new { code = "A-1", title = "Alice implemented", status = "implemented", owner = "alice" });
        await clientA.CreateAsync(tenantA, "controls", new { code = "A-2", title = "Alice draft", status = "draft", owner = "alice" });
        await clientA.CreateAsync(tenantA, "controls", new { code = "A-3", title = "Bob implemented", status = "implemented", owner = "bob" });
        await clientB.CreateAsync(tenantB, "controls", new { code = "B-1", title = "Other alice", status = "implemented", owner = "alice" });
        await clientB.CreateAsync(tenantB, "controls", new { code = "B-2", title = "Other alice", status = "draft", owner = "alice" });
        return (tenantA, tenantB);
    }

    private static string Id(JsonElement record) => record.GetProperty("id").GetString()!;

    private static string? Owner(JsonElement record) =>
        record.GetProperty("data").TryGetProperty("owner", out var owner) ? owner.GetString() : null;
}
