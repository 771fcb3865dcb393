using System.Net;
using System.Net.Http.Json;
using DataGovernance.Classification;
using DataGovernance.Security;
using DataGovernance.Tests.Infrastructure;
using DataGovernance.Tests.Security;
using Xunit;
using static DataGovernance.Tests.Classification.DataClassificationApi;

namespace DataGovernance.Tests.Classification;

/// <summary>Each record write classifies the record within seconds; results per field, never a value.</summary>
public sealed class DataClassificationTests(HubFixture hub)
{
    public static readonly object HealthRecognizer = new { name = "Diagnosis", pattern = @"\bDIAG-[A-Z]\d{2}\b", category = "Health", contextWords = new[] { "diagnosis" } };

    [Fact]
    public async Task APersonCreatedThroughTheApi_IsClassifiedWithinSeconds_PerField_WithoutItsValues()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);
        var id = await owner.CreateAsync(tenant, "people", Person());

        var result = await dpo.ResultWhenAsync(tenant, "people", id, r => r.GetProperty("categories").GetArrayLength() > 0, "classified with categories");

        Assert.Equal((1, "Restricted", false), (result.GetProperty("recordVersion").GetInt64(), result.GetProperty("sensitivity").GetString(),
            result.GetProperty("specialCategoryData").GetBoolean()));
        Assert.Equal(["ContactDetails", "GovernmentIdentifier", "Name"], result.GetProperty("categories").Strings());
        var email = result.Field("email");
        Assert.Equal(("Confidential", EntityTypes.Email), (email.GetProperty("sensitivity").GetString(), email.GetProperty("entities")[0].GetProperty("entity").GetString()));
        Assert.Equal(EntityTypes.Phone, result.Field("phone").GetProperty("entities")[0].GetProperty("entity").GetString());
        Assert.Equal("Restricted", result.Field("nationalId").GetProperty("sensitivity").GetString());
        Assert.Equal(EntityTypes.PersonName, result.Field("fullName").GetProperty("entities")[0].GetProperty("entity").GetString());
        Assert.DoesNotContain(result.GetProperty("fields").EnumerateArray(), field => field.GetProperty("fieldPath").GetString() is "department" or "status");
        var text = result.GetRawText();
        foreach (var value in new[] { "Mueller", "Müller", "7946", "123456", "Example.com" })
        {
            Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task ARecordWithoutPersonalData_IsInternal_AndUpdatesAndDeletesFollow()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var control = await owner.CreateAsync(tenant, "controls", new { code = "AC-01", title = "Quarterly access review", status = "implemented", owner = "owner-1" });
        var internalResult = await owner.ResultWhenAsync(tenant, "controls", control, _ => true, "classified");
        Assert.Equal(("Internal", 0), (internalResult.GetProperty("sensitivity").GetString(), internalResult.GetProperty("fields").GetArrayLength()));

        var person = await owner.CreateAsync(tenant, "people", Person());
        await owner.ResultWhenAsync(tenant, "people", person, r => r.GetProperty("recordVersion").GetInt64() == 1, "version 1 classified");
        await owner.ReplaceAsync(tenant, "people", person, Person(phone: null, nationalId: null));
        var updated = await owner.ResultWhenAsync(tenant, "people", person, r => r.GetProperty("recordVersion").GetInt64() == 2, "version 2 classified");
        Assert.Equal("Confidential", updated.GetProperty("sensitivity").GetString());
        Assert.DoesNotContain(updated.GetProperty("fields").EnumerateArray(), field => field.GetProperty("fieldPath").GetString() is "phone" or "nationalId");

        await owner.DeleteAsync(tenant, "people", person);
        await owner.NoResultAsync(tenant, "people", person);
    }

    [Fact]
    public async Task BadInput_AndUnclassifiedRecords_AreProblemsWithCodes()
    {
        var tenant = await hub.CreateTenantAsync();
        using var dpo = hub.TenantClient(tenant, Role.DataProtectionOfficer);

        await (await dpo.GetAsync(RecordResult(tenant, "unicorns", "abc"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "unknown-collection");
        await (await dpo.GetAsync(RecordResult(tenant, "people", "not%20an%20id"), Ct)).ExpectAsync(HttpStatusCode.BadRequest, "invalid-record-id");
        await (await dpo.GetAsync(RecordResult(tenant, "people", "abcdef0123456789"), Ct)).ExpectAsync(HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task AnotherTenantsCredentials_AreRefusedOnEveryClassificationRoute_AndRolesWithoutPrivacyPermissionsToo()
    {
        var (tenant, other) = (await hub.CreateTenantAsync(), await hub.CreateTenantAsync());
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = await owner.CreateAsync(tenant, "people", Person());
        await owner.ResultWhenAsync(tenant, "people", id, _ => true, "classified");

        using var intruder = hub.TenantClient(other, Role.Owner);
        var (_, secret) = await hub.CreateApiKeyAsync(other, "privacy.read", "privacy.manage", "privacy-requests.read");
        using var intruderKey = hub.WithApiKey(secret);
        foreach (var client in new[] { intruder, intruderKey })
        {
            foreach (var response in new[]
            {
                await client.GetAsync(RecordResult(tenant, "people", id), Ct),
                await client.GetAsync(Map(tenant), Ct),
                await client.PostAsync(Rescans(tenant), null, Ct),
                await client.PostAsJsonAsync(Discover(tenant), new { email = "zoe.mueller@example.com" }, Ct),
            })
            {
                Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{response.RequestMessage!.RequestUri}: {response.StatusCode}");
            }
        }
        using var member = hub.TenantClient(tenant, Role.Member);
        await (await member.GetAsync(RecordResult(tenant, "people", id), Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
        using var auditor = hub.TenantClient(tenant, Role.Auditor);
        await (await auditor.PostAsync(Rescans(tenant), null, Ct)).ExpectAsync(HttpStatusCode.Forbidden, "forbidden");
    }

    /// <summary>Records classified before a recognizer existed are re-classified when the tenant changes its recognizers.</summary>
    [Fact]
    public async Task ChangingTheRecognizers_StartsARescan_ThatReclassifiesExistingRecords()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        var id = await owner.CreateAsync(tenant, "people", new { fullName = "Ada Lovelace", email = "ada@example.com", status = "active",
            customFields = new { diagnosis = "DIAG-J45" } });
        await owner.ResultWhenAsync(tenant, "people", id, r => !r.GetProperty("specialCategoryData").GetBoolean(), "classified without the tenant recognizer");

        var replaced = await owner.PutJsonAsync($"/api/tenants/{tenant}/classification/recognizers", new { recognizers = new[] { HealthRecognizer } }, "\"0\"", Ct);
        await replaced.ExpectAsync(HttpStatusCode.OK);
        var operation = Assert.Single(replaced.Headers.GetValues("Operation-Location"));
        Assert.StartsWith($"/api/tenants/{tenant}/orchestrations/classification-rescan:", operation, StringComparison.Ordinal);

        var result = await owner.ResultWhenAsync(tenant, "people", id, r => r.GetProperty("specialCategoryData").GetBoolean(), "re-classified with the new recognizer");
        Assert.Equal("Diagnosis", result.Field("customFields.diagnosis").GetProperty("entities")[0].GetProperty("recognizer").GetString());
    }

    [Fact]
    public async Task SpecialCategoryData_FromATenantRecognizer_IsRestricted_AndItsFirstFindingIsRemembered()
    {
        var tenant = await hub.CreateTenantAsync();
        using var owner = hub.TenantClient(tenant, Role.Owner);
        await (await owner.PutJsonAsync($"/api/tenants/{tenant}/classification/recognizers", new { recognizers = new[] { HealthRecognizer } }, "\"0\"", Ct))
            .ExpectAsync(HttpStatusCode.OK);

        var first = await owner.CreateAsync(tenant, "people", new { fullName = "Ada Lovelace", email = "ada@example.com", status = "active",
            customFields = new { diagnosis = "DIAG-J45" } });
        var result = await owner.ResultWhenAsync(tenant, "people", first, r => r.GetProperty("specialCategoryData").GetBoolean(), "special category found");
        Assert.Equal(("Restricted", "Health"), (result.GetProperty("sensitivity").GetString(), result.GetProperty("specialCategories")[0].GetString()));
        var field = result.Field("customFields.diagnosis");
        Assert.True(field.GetProperty("specialCategory").GetBoolean());
        Assert.Equal("Diagnosis", field.GetProperty("entities")[0].GetProperty("recognizer").GetString());

        var second = await owner.CreateAsync(tenant, "people", new { fullName = "Alan Turing", email = "alan@example.com", status = "active",
            customFields = new { diagnosis = "DIAG-K21" } });
        await owner.ResultWhenAsync(tenant, "people", second, r => r.GetProperty("specialCategoryData").GetBoolean(), "second special category found");
        var found = Assert.Single((await (await owner.GetAsync(Map(tenant), Ct)).ExpectAsync(HttpStatusCode.OK)).GetProperty("specialCategoriesFound").EnumerateArray());
        Assert.Equal(("Health", "people", first), (found.GetProperty("category").GetString(), found.GetProperty("collection").GetString(), found.GetProperty("recordId").GetString()));
        var marker = await hub.PrimaryTable("DataClassifications").GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>(tenant, "special|Health", cancellationToken: Ct);
        Assert.Equal(first, marker.Value!.GetString("RecordId"));
    }
}
