using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using Xunit;
using static DataGovernance.Tests.Privacy.PrivacyApi;

namespace DataGovernance.Tests.Privacy;

/// <summary>Privacy › record of processing activities: every Art. 30 field, linked vendors that exist, optimistic concurrency, retire not delete.</summary>
public sealed class ProcessingActivityTests(HubFixture hub)
{
    [Fact]
    public async Task Activity_IsCreatedReadListedReplacedRetired_AndOnlyADraftIsDeleted()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var vendor = await dpo.CreateVendorAsync(tenant);

        var response = await dpo.PostAsJsonAsync(Activities(tenant), Activity("Payroll", vendor), Ct);
        var created = await response.ExpectAsync(HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal($"{Activities(tenant)}/{id}", response.Headers.Location?.ToString());
        Assert.Equal("\"1\"", response.Headers.ETag?.ToString());
        Assert.Equal(("Draft", "LegalObligation", vendor, "SCC"), (created.GetProperty("status").GetString(), created.GetProperty("legalBasis").GetString(),
            created.GetProperty("vendorIds")[0].GetString(), created.GetProperty("transfers")[0].GetProperty("mechanism").GetString()));
        Assert.Equal("dpo@contoso.example", created.GetProperty("dataProtectionOfficer").GetProperty("contact").GetString());

        var read = await dpo.GetAsync($"{Activities(tenant)}/{id}", Ct);
        Assert.Equal("\"1\"", read.Headers.ETag?.ToString());
        Assert.Equal(created.GetRawText(), (await read.ExpectAsync(HttpStatusCode.OK)).GetRawText());

        var active = Activity("Payroll (EU)", vendor);
        active["status"] = "Active";
        var replaced = await (await dpo.PutJsonAsync($"{Activities(tenant)}/{id}", active, "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal((2, "Payroll (EU)", "Active"), (replaced.GetProperty("version").GetInt32(), replaced.GetProperty("name").GetString(), replaced.GetProperty("status").GetString()));
        Assert.Equal(created.GetProperty("createdAt").GetString(), replaced.GetProperty("createdAt").GetString());

        var drafts = await (await dpo.GetAsync($"{Activities(tenant)}?status=Draft", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Empty(drafts.GetProperty("items").EnumerateArray());
        var actives = await (await dpo.GetAsync($"{Activities(tenant)}?status=Active&legalBasis=LegalObligation", Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal([id], actives.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()));

        await (await dpo.DeleteAsync($"{Activities(tenant)}/{id}", Ct)).ExpectAsync(HttpStatusCode.Conflict, "processing-activity-not-draft");
        var retired = Activity("Payroll (EU)", vendor);
        retired["status"] = "Retired";
        await (await dpo.PutJsonAsync($"{Activities(tenant)}/{id}", retired, "\"2\"", Ct)).ExpectAsync(HttpStatusCode.OK);

        var draft = (await dpo.CreateActivityAsync(tenant, Activity("Trial"))).GetProperty("id").GetString()!;
        await (await dpo.SendJsonAsync(HttpMethod.Delete, $"{Activities(tenant)}/{draft}", new { }, "\"7\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");
        await (await dpo.DeleteAsync($"{Activities(tenant)}/{draft}", Ct)).ExpectAsync(HttpStatusCode.NoContent);
        await (await dpo.GetAsync($"{Activities(tenant)}/{draft}", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Replace_NeedsIfMatch_AndAStaleETagIsRefused()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = (await owner.CreateActivityAsync(tenant, Activity())).GetProperty("id").GetString()!;
        var url = $"{Activities(tenant)}/{id}";

        await (await owner.PutJsonAsync(url, Activity("Without precondition"), null, Ct)).ExpectAsync((HttpStatusCode)428, "if-match-required");
        await (await owner.PutJsonAsync(url, Activity("Malformed"), "1", Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-if-match");
        await (await owner.PutJsonAsync(url, Activity("First writer"), "\"1\"", Ct)).ExpectAsync(HttpStatusCode.OK);
        await (await owner.PutJsonAsync(url, Activity("Second writer"), "\"1\"", Ct)).ExpectAsync(HttpStatusCode.PreconditionFailed, "etag-mismatch");

        var current = await (await owner.GetAsync(url, Ct)).ExpectAsync(HttpStatusCode.OK);
        Assert.Equal(("First writer", 2), (current.GetProperty("name").GetString(), current.GetProperty("version").GetInt32()));
        await (await owner.PutJsonAsync($"{Activities(tenant)}/pa-000000000000", Activity(), "\"1\"", Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task MissingArt30Fields_Answer422_WithAnErrorPerField()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);

        var problem = await (await owner.PostAsJsonAsync(Activities(tenant), new { }, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        foreach (var field in new[] { "name", "controller", "purposes", "legalBasis", "dataSubjectCategories", "personalDataCategories", "recipients", "transfers", "retention", "securityMeasures" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }

        var partial = Activity();
        partial["controller"] = new JsonObject { ["name"] = "Contoso GmbH" };
        partial["purposes"] = new JsonArray();
        partial["retention"] = new JsonObject { ["days"] = 0 };
        partial["specialCategories"] = new JsonArray("Health");
        var invalid = await (await owner.PostAsJsonAsync(Activities(tenant), partial, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        foreach (var field in new[] { "controller.contact", "purposes", "retention.description", "retention.days", "specialCategoryCondition" })
        {
            Assert.NotEmpty(invalid.FieldErrors(field));
        }
        Assert.Empty((await (await owner.GetAsync(Activities(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task TransfersWithoutMechanism_OrDerogationDetail_OrAValidCountry_Answer422()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var activity = Activity();
        activity["transfers"] = new JsonArray(
            new JsonObject { ["country"] = "US", ["recipient"] = "Payroll Inc." },
            new JsonObject { ["country"] = "IN", ["recipient"] = "Support Ltd.", ["mechanism"] = "Derogation" },
            new JsonObject { ["country"] = "usa", ["recipient"] = "Analytics LLC", ["mechanism"] = "Adequacy" },
            new JsonObject { ["country"] = "JP", ["recipient"] = "Group office", ["mechanism"] = "BCR" });

        var problem = await (await owner.PostAsJsonAsync(Activities(tenant), activity, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(problem.FieldErrors("transfers[0].mechanism"));
        Assert.NotEmpty(problem.FieldErrors("transfers[1].derogationDetail"));
        Assert.NotEmpty(problem.FieldErrors("transfers[2].country"));
        Assert.False(problem.GetProperty("errors").TryGetProperty("transfers[3].mechanism", out _));

        activity["transfers"]![0]!["mechanism"] = "Unheard-of";
        await (await owner.PostAsJsonAsync(Activities(tenant), activity, Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-json");
        activity["transfers"] = new JsonArray(new JsonObject
        {
            ["country"] = "IN", ["recipient"] = "Support Ltd.", ["mechanism"] = "Derogation", ["derogationDetail"] = "Art. 49(1)(b): necessary for the contract",
        });
        var created = await owner.CreateActivityAsync(tenant, activity);
        Assert.Equal("Art. 49(1)(b): necessary for the contract", created.GetProperty("transfers")[0].GetProperty("derogationDetail").GetString());
    }

    [Fact]
    public async Task LinkedVendors_MustExist_InTheTenantsOwnVendorsCollection()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var otherOwner = hub.TenantClient(other, Role.Owner);
        var vendor = await owner.CreateVendorAsync(tenant);
        var foreignVendor = await otherOwner.CreateVendorAsync(other);

        var problem = await (await owner.PostAsJsonAsync(Activities(tenant), Activity("Payroll", vendor, "vendor-that-does-not-exist", foreignVendor, "not a/valid id"), Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(problem.FieldErrors("vendorIds[3]"));

        problem = await (await owner.PostAsJsonAsync(Activities(tenant), Activity("Payroll", vendor, "vendor-that-does-not-exist", foreignVendor), Ct))
            .ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.False(problem.GetProperty("errors").TryGetProperty("vendorIds[0]", out _));
        Assert.NotEmpty(problem.FieldErrors("vendorIds[1]"));
        Assert.NotEmpty(problem.FieldErrors("vendorIds[2]"));

        var created = await owner.CreateActivityAsync(tenant, Activity("Payroll", vendor, vendor));
        Assert.Equal([vendor], created.GetProperty("vendorIds").EnumerateArray().Select(id => id.GetString()));
    }

    [Fact]
    public async Task SpecialCategories_NeedAnArt9Condition_AndTheConditionNeedsThem()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var conditionAlone = Activity();
        conditionAlone["specialCategoryCondition"] = "EmploymentAndSocialProtection";
        var problem = await (await owner.PostAsJsonAsync(Activities(tenant), conditionAlone, Ct)).ExpectAsync(HttpStatusCode.UnprocessableEntity, "validation-failed");
        Assert.NotEmpty(problem.FieldErrors("specialCategoryCondition"));

        var sickLeave = Activity("Sick leave");
        sickLeave["specialCategories"] = new JsonArray("Health", "TradeUnionMembership", "Health");
        sickLeave["specialCategoryCondition"] = "EmploymentAndSocialProtection";
        var created = await owner.CreateActivityAsync(tenant, sickLeave);
        Assert.Equal(["Health", "TradeUnionMembership"], created.GetProperty("specialCategories").EnumerateArray().Select(category => category.GetString()));
    }
}
