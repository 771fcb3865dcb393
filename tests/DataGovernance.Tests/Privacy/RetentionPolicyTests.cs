using System.Net;
using System.Net.Http.Json;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Privacy.PrivacyApi;
using static DataGovernance.Tests.Privacy.RetentionApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy › retention policies: scope, event field, period and action checked; optimistic concurrency; tenant isolation.</summary>
public sealed class RetentionPolicyTests(HubFixture hub)
{
    [Fact]
    public async Task Policy_IsCreatedReadListedReplacedAndDeleted()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);

        var response = await dpo.PostAsJsonAsync(Policies(tenant), FormerStaff(), Ct);
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created.Id();
        Assert.Equal($"{Policies(tenant)}/{id}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(("people", "startDate", 1095, "Delete", true), (created.Prop("collection"), created.Prop("eventField"),
            created.GetProperty("keepDays").GetInt32(), created.Prop("action"), created.GetProperty("enabled").GetBoolean()));

        var read = await dpo.GetAsync($"{Policies(tenant)}/{id}", Ct);
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());
        Assert.Equal(created.GetRawText(), (await read.ExpectAsync(HttpStatusCode.OK)).GetRawText());

        var changed = new { name = "Contact details: 30 days", category = "ContactDetails", eventField = "updatedAt", keepDays = 30, action = "Anonymise", enabled = false };
        await (await dpo.PutJsonAsync($"{Policies(tenant)}/{id}", changed, null, Ct)).ExpectAsync(HttpStatusCode.PreconditionRequired, "if-match-required");
        var replaced = await (await dpo.PutJsonAsync($"{Policies(tenant)}/{id}", changed, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2, "ContactDetails", "Anonymise", false), (replaced.GetProperty("version").GetInt32(), replaced.Prop("category"), replaced.Prop("action"),
            replaced.GetProperty("enabled").GetBoolean()));
        Assert.False(replaced.TryGetProperty("collection", out var collection) && collection.ValueKind != System.Text.Json.JsonValueKind.Null);
        await (await dpo.PutJsonAsync($"{Policies(tenant)}/{id}", changed, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");

        Assert.Empty((await (await dpo.GetAsync($"{Policies(tenant)}?enabled=true", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Equal([id], (await (await dpo.GetAsync(Policies(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray().Select(p => p.Id()));
        await (await dpo.SendJsonAsync(HttpMethod.Delete, $"{Policies(tenant)}/{id}", new { }, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        await (await dpo.DeleteAsync($"{Policies(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await dpo.GetAsync($"{Policies(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("customers", null, "createdAt", 30, "Delete", "collection")] // unknown collection
    [InlineData("people", null, "leftOn", 30, "Delete", "eventField")] // unknown field
    [InlineData("people", null, "fullName", 30, "Delete", "eventField")] // not a date field
    [InlineData("people", null, "startDate", -1, "Delete", "keepDays")]
    [InlineData("people", null, "startDate", 36501, "Delete", "keepDays")]
    [InlineData("people", "ContactDetails", "createdAt", 30, "Delete", "collection")] // both scopes
    [InlineData(null, null, "createdAt", 30, "Delete", "collection")] // neither scope
    [InlineData(null, "ContactDetails", "startDate", 30, "Delete", "eventField")] // a category covers every collection; vendors have no startDate
    public async Task BadPolicy_IsRefusedWithAFieldError(string? collection, string? category, string eventField, int keepDays, string action, string field)
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);

        var problem = await (await dpo.PostAsJsonAsync(Policies(tenant), new { name = "Bad", collection, category, eventField, keepDays, action }, Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");

        Assert.NotEmpty(problem.FieldErrors(field));
        Assert.Empty((await (await dpo.GetAsync(Policies(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task MissingFields_AndUnknownEnumValues_AreRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);

        var problem = await (await dpo.PostAsJsonAsync(Policies(tenant), new { collection = "people" }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        foreach (var field in new[] { "name", "eventField", "keepDays", "action" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }
        await (await dpo.PostAsJsonAsync(Policies(tenant), new { name = "x", collection = "people", eventField = "createdAt", keepDays = 1, action = "Shred" }, Ct))
            .ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");
    }

    [Fact]
    public async Task Writing_NeedsPrivacyManage()
    {
        var tenant = await hub.CreateTenantAsync();
        using var auditor = hub.TenantClient(tenant, Role.Auditor);

        await (await auditor.PostAsJsonAsync(Policies(tenant), FormerStaff(), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        await (await auditor.GetAsync(Policies(tenant), Ct)).ExpectAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AnotherTenantsOwner_Gets404_OnEveryRetentionPolicyRoute()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = (await (await owner.PostAsJsonAsync(Policies(tenant), FormerStaff(), Ct)).ExpectAsync(HttpStatusCode.Created)).Id();
        using var intruder = hub.TenantClient(other, Role.Owner);

        await (await intruder.GetAsync(Policies(tenant), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync($"{Policies(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PostAsJsonAsync(Policies(tenant), FormerStaff(), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.PutJsonAsync($"{Policies(tenant)}/{id}", FormerStaff(), "\"1\"", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.DeleteAsync($"{Policies(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        await (await intruder.GetAsync($"{Policies(other)}/{id}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
        Assert.Equal(1, (await (await owner.GetAsync($"{Policies(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("version").GetInt32());
    }

    private static object FormerStaff() => new { name = "Former staff: 3 years", collection = "people", eventField = "startDate", keepDays = 1095, action = "Delete" };
}
